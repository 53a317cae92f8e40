import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGithubSourceFetcher } from "../../../shared/github/source-fetcher.js";
import { extractTarball } from "../../../shared/github/tarball.js";
import { startGithubStandIn, type StandIn } from "../../../local/github/standin.js";
import { LOCAL_INSTALLATION_ID } from "../../../local/github/standin-routes.js";
import { scratchRepo, type ScratchRepo } from "./fixtures.js";

/** The production fetcher (a real App JWT through @octokit/auth-app) against the local GitHub stand-in. */
let repo: ScratchRepo;
let standIn: StandIn;
const shas: string[] = [];
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

beforeAll(async () => {
  repo = scratchRepo("fetcher-");
  repo.write("bundles/churn/databricks.yml", "bundle: { name: churn }\n");
  shas.push(repo.commit("one"));
  repo.write("bundles/churn/job.yml", "x: 1\n");
  shas.push(repo.commit("two"));
  standIn = await startGithubStandIn(repo.dir);
});
afterAll(async () => {
  await standIn?.close();
  repo?.remove();
});

const fetcher = () => createGithubSourceFetcher({ apiUrl: standIn.url, appId: "12345", privateKey });

describe("createGithubSourceFetcher", () => {
  it("downloads the tarball at a commit with an installation token, streamed into the safe extractor", async () => {
    const dest = join(repo.work, "snap");
    await extractTarball(await fetcher().tarball("acme/ml", 7, shas[1] ?? ""), dest);
    expect(readFileSync(join(dest, "bundles/churn/job.yml"), "utf8")).toBe("x: 1\n");
    expect([...standIn.state.tokens.values()].map((t) => t.installationId)).toContain(7);
  });

  it("lists the paths changed between two commits", async () => {
    expect(await fetcher().changedPaths("acme/ml", 7, shas[0] ?? "", shas[1] ?? "")).toEqual([
      "bundles/churn/job.yml",
    ]);
  });

  it("finds the App's installation on the repository when the request names none (promotions)", async () => {
    const dest = join(repo.work, "snap-no-installation");
    await extractTarball(await fetcher().tarball("acme/ml", undefined, shas[1] ?? ""), dest);
    expect(readFileSync(join(dest, "bundles/churn/job.yml"), "utf8")).toBe("x: 1\n");
    expect([...standIn.state.tokens.values()].map((t) => t.installationId)).toContain(LOCAL_INSTALLATION_ID);
  });

  it("refuses inputs that could address another path", async () => {
    await expect(fetcher().tarball("acme/ml/../x", 7, shas[1] ?? "")).rejects.toMatchObject({
      code: "SOURCE_UNAVAILABLE",
    });
    await expect(fetcher().tarball("acme/ml", 7, "HEAD")).rejects.toMatchObject({
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
