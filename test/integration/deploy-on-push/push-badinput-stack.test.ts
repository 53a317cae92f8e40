import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverPush, type PushOptions } from "../../../local/github/deliver-push.js";
import { scratchRepo, type ScratchRepo } from "../../unit/local-github/fixtures.js";
import { missing, repoRoot } from "../stack/helpers.js";
import {
  deletedRef,
  forcedListing,
  fromRepository,
  truncatedListing,
  unsafeTarballs,
} from "./bad-deliveries.js";
import { describeBadRequests } from "./bad-requests.suite.js";
import {
  checkRuns,
  copyChurn,
  finished,
  hostLogLine,
  instanceExists,
  jobs,
  startPushStack,
  stopPushStack,
  type PushStack,
} from "./push-stack-fixture.js";

/**
 * Issue #6 "Bad input" and the compare paths on the running local stack: what an attacker, a
 * misconfigured hook or GitHub's own edge cases send to `POST /api/github/webhook` gets a clear status
 * or a failed check with the reason, deploys nothing, executes nothing and logs no secret. One stack
 * for the whole file; the GitHub stand-in serves crafted tarballs from a folder (standin-faults.ts).
 */
const SECRET = "badinput-webhook-secret-0001";
const REPO = "local/ml-orchestrator";
const UNICODE_BRANCH = "feat/ünï-$(touch${IFS}PWNED-h2)`touch${IFS}PWNED-h2`;|&'\"<>!#%🚀";

describe.skipIf(missing() !== undefined)("bad input on the local stack", () => {
  let stack: PushStack;
  let repo: ScratchRepo;
  let tarballs: string;
  const c: Record<string, string> = {};
  const bad = unsafeTarballs();

  const push = (before: string, after: string, options: Partial<PushOptions> = {}) =>
    deliverPush({
      cwd: repo.dir,
      hostUrl: stack.hostUrl,
      secret: SECRET,
      repository: REPO,
      ref: "refs/heads/main",
      before,
      after,
      ...options,
    });
  const bodyOf = (d: { body: string }) => JSON.parse(d.body) as Record<string, unknown>;
  const started = async (d: { body: string }) => {
    const { instanceId } = bodyOf(d) as { instanceId: string };
    return finished(stack.hostUrl, instanceId);
  };
  const jobIds = async () => (await jobs(stack.client)).map((j) => j.job_id).sort();
  const noInstance = (deliveryId: string) =>
    instanceExists(stack.hostUrl, `gh-${deliveryId}`).then((e) => !e);

  beforeAll(async () => {
    repo = scratchRepo("push-badinput-");
    const commit = (message: string, path: string, text: string) => {
      repo.write(path, text);
      return repo.commit(message);
    };
    c.readme = commit("readme", "README.md", "test repository\n");
    copyChurn(repo.dir);
    c.churn = repo.commit("add churn");
    c.readme2 = commit("readme 2", "README.md", "two\n");
    c.readme3 = commit("readme 3", "README.md", "three\n");
    for (const b of bad) c[b.name] = commit(`crafted ${b.name}`, "bundles/churn/NOTE.md", `${b.name}\n`);
    repo.write("bundles/broken/README.md", "no databricks.yml here\n");
    c.invalid = commit("invalid bundles", "bundles/badyaml/databricks.yml", "bundle:\n  name: [unclosed\n");
    tarballs = join(repo.work, "tarballs");
    mkdirSync(tarballs);
    for (const b of bad) writeFileSync(join(tarballs, `${c[b.name]}.tar.gz`), b.tarball);
    stack = await startPushStack({
      GITHUB_STANDIN_REPO: repo.dir,
      GITHUB_STANDIN_TARBALLS: tarballs,
      GITHUB_WEBHOOK_SECRET: SECRET,
      GITHUB_DEPLOY_ROUTING: JSON.stringify({
        repositories: [REPO],
        routes: [
          { branch: "main", target: "staging" },
          { branch: "feat/ünï-*", target: "staging" },
        ],
      }),
    });
  }, 300_000);

  afterAll(async () => {
    await stopPushStack(stack);
    repo?.remove();
  }, 60_000);

  describeBadRequests(() => ({ hostUrl: stack.hostUrl, secret: SECRET }));

  describe("pushes that must deploy nothing are answered with the reason", () => {
    it("an unknown repository, a fork, a fork under another owner: 200 skipped, no instance", async () => {
      const cases = [
        { edit: fromRepository("someone/else", false), reason: "repository_not_allowed" },
        { edit: fromRepository(REPO, true), reason: "fork" },
        { edit: fromRepository("forker/ml-orchestrator", true), reason: "fork" },
        { edit: fromRepository("forker/ml-orchestrator", false), reason: "repository_not_allowed" },
      ];
      for (const { edit, reason } of cases) {
        const d = await push(c.readme ?? "", c.churn ?? "", { edit });
        expect(d.status).toBe(200);
        expect(bodyOf(d)).toMatchObject({ status: "skipped", reason });
        expect(await noInstance(d.deliveryId)).toBe(true);
        expect(await hostLogLine(stack, d.deliveryId, reason)).toContain("deploys nothing");
      }
      expect(await jobIds()).toEqual([]);
    });

    it("a deleted branch: 200 skipped ref_deleted, no instance", async () => {
      const d = await push(c.readme ?? "", c.churn ?? "", { edit: deletedRef });
      expect(d.status).toBe(200);
      expect(bodyOf(d)).toMatchObject({ status: "skipped", reason: "ref_deleted" });
      expect(await noInstance(d.deliveryId)).toBe(true);
      // Recorded: the host logs the skipped delivery with its id and reason.
      expect(await hostLogLine(stack, d.deliveryId, "ref_deleted")).toContain("deploys nothing");
    });

    it("branch names with unicode and shell characters route as data and execute nothing", async () => {
      const routed = await push(c.readme2 ?? "", c.readme3 ?? "", { ref: `refs/heads/${UNICODE_BRANCH}` });
      expect(routed.status).toBe(202);
      expect(bodyOf(routed)).toEqual({
        status: "started",
        instanceId: `gh-${routed.deliveryId}`,
        target: "staging",
        sha: c.readme3,
      });
      expect((await started(routed)).output).toMatchObject({ kind: "nothing_to_deploy", target: "staging" });
      const other = `feat/$(touch\${IFS}PWNED-h2)-ünï;\`id\``;
      const unrouted = await push(c.readme2 ?? "", c.readme3 ?? "", { ref: `refs/heads/${other}` });
      expect(bodyOf(unrouted)).toEqual({
        status: "skipped",
        reason: "no_route",
        detail: `no route for branch ${other}`,
      });
      // A space is not allowed in a git ref, so GitHub never sends this one: refused as corrupt.
      const invalid = await push(c.readme2 ?? "", c.readme3 ?? "", { ref: "refs/heads/x; rm -rf ~" });
      expect(bodyOf(invalid)).toMatchObject({ status: "skipped", reason: "ref_invalid" });
      for (const dir of [repoRoot, repo.dir, repo.work, stack.ready.dataDir])
        expect(existsSync(join(dir, "PWNED-h2"))).toBe(false);
      expect(await jobIds()).toEqual([]);
    });
  });

  describe("forced and truncated pushes take the changed bundles from the compare API", () => {
    it("forced: the payload lists only README.md, the comparison shows bundles/churn: churn deploys", async () => {
      const d = await push(c.readme ?? "", c.churn ?? "", { edit: forcedListing(["README.md"]) });
      expect(d.status).toBe(202);
      expect((await started(d)).output).toMatchObject({
        kind: "done",
        results: [{ bundle: "churn", kind: "deployed" }],
      });
      expect((await jobs(stack.client)).length).toBe(3);
    });

    it("cut at 2048 commits, all claiming bundles/churn, the comparison shows README.md only: nothing deploys", async () => {
      const before = await jobIds();
      const d = await push(c.churn ?? "", c.readme2 ?? "", {
        edit: truncatedListing("bundles/churn/NOTE.md"),
      });
      expect(d.status).toBe(202);
      expect((await started(d)).output).toMatchObject({ kind: "nothing_to_deploy" });
      expect(await jobIds()).toEqual(before);
    });
  });

  describe("unsafe or invalid sources fail with the reason and deploy nothing", () => {
    // The refusal ends the delivery as an outcome before any bundle is planned, and the commit gets
    // failed checks naming the reason (shared/pipelines/deploy-on-push/source-rejected.ts).
    it.each(bad.map((b) => [b.name, b] as const))("a tarball with a %s", async (_, b) => {
      const before = await jobIds();
      const d = await push(c.readme3 ?? "", c[b.name] ?? "");
      expect(d.status).toBe(202);
      const done = await started(d);
      expect(done.runtimeStatus).toBe("Completed");
      expect(done.output).toMatchObject({ kind: "source_rejected" });
      expect(JSON.stringify(done.output)).toContain(b.reason);
      expect(await jobIds()).toEqual(before);
      const runs = await checkRuns(stack, REPO, c[b.name] ?? "");
      expect(runs.length).toBeGreaterThan(0);
      expect(runs.map((r) => r.conclusion)).toEqual(runs.map(() => "failure"));
    });

    it("a bundle folder without databricks.yml and one with invalid YAML: failed checks naming the reason", async () => {
      const before = await jobIds();
      const d = await push(c[bad.at(-1)?.name ?? ""] ?? "", c.invalid ?? "");
      expect((await started(d)).output).toMatchObject({ kind: "nothing_to_deploy" });
      const runs = await checkRuns(stack, REPO, c.invalid ?? "");
      expect(runs.map((r) => [r.name, r.conclusion]).sort()).toEqual([
        ["deploy/staging/badyaml", "failure"],
        ["deploy/staging/broken", "failure"],
      ]);
      const text = (name: string) => JSON.stringify(runs.find((r) => r.name === name)?.output);
      expect(text("deploy/staging/broken")).toContain("bundles/broken is not a valid bundle");
      expect(text("deploy/staging/badyaml")).toContain("bundles/badyaml is not a valid bundle");
      expect(await jobIds()).toEqual(before);
    });
  });

  it("no secret reaches any log: webhook secret, App private key, installation tokens", () => {
    const logs = Object.values(stack.ready.components).map((c) => readFileSync(String(c.log), "utf8"));
    const key = readFileSync(stack.github.appKey, "utf8")
      .split("\n")
      .filter((l) => l !== "" && !l.startsWith("-----"));
    // The host's log holds the function invocations' lines, the rejected deliveries included.
    expect(readFileSync(String(stack.ready.components.host?.log), "utf8")).toContain(
      "github delivery rejected",
    );
    for (const text of [...logs, stack.process.output()]) {
      expect(text).not.toContain(SECRET);
      for (const line of key) expect(text).not.toContain(line);
      expect(text).not.toMatch(/ghs_[A-Za-z0-9_-]{36}/);
    }
  });
});
