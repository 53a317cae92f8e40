import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGithubStandIn, type StandIn } from "../../../local/github/standin.js";
import { createGithubSourceFetcher } from "../../../shared/github/source-fetcher.js";
import { scratchRepo, type ScratchRepo } from "./fixtures.js";

/** The stand-in as `npm start` runs it: App JWTs verified with the public half of the stack's key pair. */
const keyPair = () =>
  generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
const app = keyPair();
let repo: ScratchRepo;
let standIn: StandIn;
let sha = "";

beforeAll(async () => {
  repo = scratchRepo("standin-jwt-");
  repo.write("bundles/churn/databricks.yml", "bundle: { name: churn }\n");
  sha = repo.commit("one");
  standIn = await startGithubStandIn(repo.dir, 0, undefined, { appId: "12345", publicKeyPem: app.publicKey });
});
afterAll(async () => {
  await standIn?.close();
  repo?.remove();
});

const tarballWith = (appId: string, privateKey: string) =>
  createGithubSourceFetcher({ apiUrl: standIn.url, appId, privateKey }).tarball("acme/ml", 3, sha);

describe("GitHub stand-in with the stack's App key", () => {
  it("issues an installation token to the App's own JWT, and the tarball follows", async () => {
    const body = await tarballWith("12345", app.privateKey);
    let bytes = 0;
    for await (const chunk of body) bytes += chunk.byteLength;
    expect(bytes).toBeGreaterThan(0);
    expect([...standIn.state.tokens.values()].map((t) => t.installationId)).toEqual([3]);
  });

  it("refuses a JWT signed with another key or naming another app", async () => {
    await expect(tarballWith("12345", keyPair().privateKey)).rejects.toThrow();
    await expect(tarballWith("999", app.privateKey)).rejects.toThrow();
    expect(standIn.state.tokens.size).toBe(1);
  });
});
