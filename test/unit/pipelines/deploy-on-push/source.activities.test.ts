import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeployRequest } from "../../../../shared/github/deploy-request.js";
import {
  createSourceActivities,
  type SnapshotStore,
  type SourceFetcher,
} from "../../../../shared/pipelines/deploy-on-push/source.activities.js";
import { createLogger } from "../../../../shared/runtime/logger.js";
import { chunks, craftTar } from "../../github/tar-builder.js";

let work: string;
let repo: string;
const git = (...args: string[]) =>
  execFileSync("git", args, { cwd: repo, encoding: "utf8", maxBuffer: 1 << 26 });
const write = (path: string, text: string) => {
  mkdirSync(join(repo, path, ".."), { recursive: true });
  writeFileSync(join(repo, path), text);
};
const shas: string[] = [];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "prepare-source-"));
  repo = join(work, "repo");
  mkdirSync(repo);
  git("init", "--quiet", "--initial-branch=main");
  git("config", "user.email", "dev@example.com");
  git("config", "user.name", "Dev");
  write("bundles/churn/databricks.yml", readFileSync("bundles/churn/databricks.yml", "utf8"));
  write(
    "bundles/scoring/databricks.yml",
    "bundle: { name: scoring }\nsync: { paths: ['.', '../../libs/common'] }\n",
  );
  write("bundles/notes/README.md", "not a bundle\n");
  write("libs/common/util.py", "x = 1\n");
  git("add", ".");
  git("commit", "--quiet", "-m", "one");
  shas.push(git("rev-parse", "HEAD").trim());
  write("libs/common/util.py", "x = 2\n");
  git("commit", "--quiet", "-am", "two");
  shas.push(git("rev-parse", "HEAD").trim());
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The GitHub side, served from the local repository: `git archive` tarballs and `git diff` comparisons. */
function gitFetcher(): SourceFetcher & { tarballs: number } {
  const fetcher = {
    tarballs: 0,
    tarball: (_repo: string, _installation: number | undefined, sha: string) => {
      fetcher.tarballs++;
      return Promise.resolve(
        chunks(
          execFileSync("git", ["archive", "--format=tar.gz", `--prefix=acme-ml-${sha.slice(0, 7)}/`, sha], {
            cwd: repo,
          }),
        ),
      );
    },
    changedPaths: (_repo: string, _installation: number | undefined, base: string, head: string) =>
      Promise.resolve(git("diff", "--name-only", "--no-renames", base, head).split("\n").filter(Boolean)),
  };
  return fetcher;
}

/** Snapshots in temp folders, filled once per key. */
function folderSnapshots(): SnapshotStore {
  const known = new Map<string, string>();
  return {
    async ensure(key, fill) {
      let dir = known.get(key);
      if (dir === undefined) {
        dir = mkdtempSync(join(work, "snap-"));
        await fill(dir);
        known.set(key, dir);
      }
      return { id: key, dir };
    },
    open: (id) => Promise.resolve(known.get(id) ?? ""),
  };
}

const request = (changes: DeployRequest["changes"], sha = shas[1] ?? ""): DeployRequest => ({
  deliveryId: "d-1",
  trigger: "push",
  repository: { id: 9, fullName: "acme/ml" },
  sha,
  target: "staging",
  bundlesDir: "bundles",
  changes,
  receivedAt: "2026-01-01T00:00:00.000Z",
});

function setup(fetcher: SourceFetcher = gitFetcher()) {
  return createSourceActivities({
    fetcher,
    snapshots: folderSnapshots(),
    log: createLogger({ sink: () => undefined }),
  });
}

describe("PrepareSource on git archive tarballs", () => {
  it("deploys the bundles the pushed paths touch, including through sync paths", async () => {
    const prepared = await setup().prepareSource(request({ kind: "paths", paths: ["libs/common/util.py"] }));
    expect(prepared.changes).toEqual({
      changed: ["scoring"],
      unchanged: ["churn"],
      invalid: [],
      removed: [],
    });
    expect(prepared.roots).toEqual({ churn: "bundles/churn", scoring: "bundles/scoring" });
    expect(prepared.snapshot).toBe(`acme/ml/${shas[1]}`);
  });

  it("compares when the payload cannot say, and deploys everything without a base", async () => {
    const activities = setup();
    const compared = await activities.prepareSource(
      request({ kind: "compare", base: shas[0] ?? "", reason: "forced" }),
    );
    expect(compared.changes.changed).toEqual(["scoring"]);
    const created = await activities.prepareSource(
      request({ kind: "compare", base: null, reason: "created" }),
    );
    expect(created.changes.changed).toEqual(["churn", "scoring"]);
    expect(created.changes.invalid).toEqual([
      { root: "bundles/notes", reason: "no databricks.yml in the bundle folder" },
    ]);
  });

  it("re-runs named bundles and reports names that are not bundles", async () => {
    const prepared = await setup().prepareSource(request({ kind: "bundles", names: ["churn", "notes"] }));
    expect(prepared.changes).toMatchObject({
      changed: ["churn"],
      invalid: [{ root: "bundles/notes", reason: "no such bundle at this commit" }],
    });
  });

  it("downloads each commit once, whatever the number of deliveries", async () => {
    const fetcher = gitFetcher();
    const activities = setup(fetcher);
    await activities.prepareSource(request({ kind: "paths", paths: [] }));
    await activities.prepareSource(request({ kind: "bundles", names: ["churn"] }));
    expect(fetcher.tarballs).toBe(1);
  });

  it("fails with a non-retryable reason on an unsafe tarball", async () => {
    const evil: SourceFetcher = {
      tarball: () => Promise.resolve(chunks(craftTar([{ path: "top/../../etc/x", body: "x" }]))),
      changedPaths: () => Promise.resolve([]),
    };
    await expect(setup(evil).prepareSource(request({ kind: "paths", paths: [] }))).rejects.toMatchObject({
      code: "UNSAFE_TARBALL",
      retryable: false,
    });
  });
});
