import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGithubSourceFetcher } from "../../../shared/github/source-fetcher.js";
import { extractTarball } from "../../../shared/github/tarball.js";
import { startGithubStandIn, type StandIn } from "../../../local/github/standin.js";

/** The production fetcher (a real App JWT through @octokit/auth-app) against the local GitHub stand-in. */
let work: string;
let standIn: StandIn;
const shas: string[] = [];
const git = (...args: string[]) =>
  execFileSync("git", args, { cwd: join(work, "repo"), encoding: "utf8" }).trim();
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "fetcher-"));
  mkdirSync(join(work, "repo", "bundles", "churn"), { recursive: true });
  git("init", "--quiet", "--initial-branch=main");
  git("config", "user.email", "dev@example.com");
  git("config", "user.name", "Dev");
  writeFileSync(join(work, "repo", "bundles", "churn", "databricks.yml"), "bundle: { name: churn }\n");
  git("add", ".");
  git("commit", "--quiet", "-m", "one");
  shas.push(git("rev-parse", "HEAD"));
  writeFileSync(join(work, "repo", "bundles", "churn", "job.yml"), "x: 1\n");
  git("add", ".");
  git("commit", "--quiet", "-m", "two");
  shas.push(git("rev-parse", "HEAD"));
  standIn = await startGithubStandIn(join(work, "repo"));
});
afterAll(async () => {
  await standIn?.close();
  rmSync(work, { recursive: true, force: true });
});

const fetcher = () => createGithubSourceFetcher({ apiUrl: standIn.url, appId: "12345", privateKey });

describe("createGithubSourceFetcher", () => {
  it("downloads the tarball at a commit with an installation token, streamed into the safe extractor", async () => {
    const dest = join(work, "snap");
    await extractTarball(await fetcher().tarball("acme/ml", 7, shas[1] ?? ""), dest);
    expect(readFileSync(join(dest, "bundles/churn/job.yml"), "utf8")).toBe("x: 1\n");
    expect([...standIn.state.tokens.values()].map((t) => t.installationId)).toContain(7);
  });

  it("lists the paths changed between two commits", async () => {
    expect(await fetcher().changedPaths("acme/ml", 7, shas[0] ?? "", shas[1] ?? "")).toEqual([
      "bundles/churn/job.yml",
    ]);
  });

  it("refuses inputs that could address another path, and deliveries without an installation", async () => {
    await expect(fetcher().tarball("acme/ml/../x", 7, shas[1] ?? "")).rejects.toMatchObject({
      code: "SOURCE_UNAVAILABLE",
    });
    await expect(fetcher().tarball("acme/ml", 7, "HEAD")).rejects.toMatchObject({
      code: "SOURCE_UNAVAILABLE",
    });
    await expect(fetcher().tarball("acme/ml", undefined, shas[1] ?? "")).rejects.toMatchObject({
      code: "SOURCE_UNAVAILABLE",
    });
  });

  it("reports a commit GitHub does not have as not retryable", async () => {
    const missing = { code: "SOURCE_UNAVAILABLE", retryable: false };
    await expect(fetcher().tarball("acme/ml", 7, "e".repeat(40))).rejects.toMatchObject(missing);
    await expect(fetcher().changedPaths("acme/ml", 7, "f".repeat(40), shas[1] ?? "")).rejects.toMatchObject(
      missing,
    );
  });
});
