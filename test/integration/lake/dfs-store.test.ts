import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import { DataLakeServiceClient, type StoragePipelineOptions } from "@azure/storage-file-datalake";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dfsLake, STAGING_FOLDER } from "../../../shared/lake/dfs-store.js";
import type { LakeFiles } from "../../../shared/lake/store.js";
import { startFakeDfs, type FakeDfs } from "../../fakes/dfs/dfs-server.js";
import { lakeFilesBehaviour } from "./lake-files.suite.js";

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
const now = Math.floor(Date.now() / 1000);
// Shaped like an Entra token for storage (unsigned); the fake accepts exactly this string.
const TOKEN = `${b64({ alg: "none" })}.${b64({ aud: "https://storage.azure.com", iss: "https://sts.windows.net/t/", iat: now, nbf: now, exp: now + 3600 })}.x`;

/** A TokenCredential that hands out a fixed token and records the scopes asked for. */
function fakeCredential(token: string, scopes: string[]): TokenCredential {
  return {
    getToken(requested: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
      scopes.push(...(Array.isArray(requested) ? requested : [requested]));
      return Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 });
    },
  };
}

let fake: FakeDfs | undefined;
const scopes: string[] = [];
const lakeWith = (token: string) =>
  dfsLake(
    (account) => {
      // `agent` reaches the SDK's core pipeline (its agent policy); the storage options type omits it.
      const options: StoragePipelineOptions & { agent: unknown } = {
        agent: fake!.agent,
        retryOptions: { maxTries: 1 },
      };
      return new DataLakeServiceClient(
        fake!.endpoint.replace("devstoreaccount1", account),
        fakeCredential(token, scopes),
        options,
      );
    },
    { sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 5))) },
  );
let files: LakeFiles | undefined;

beforeAll(async () => {
  fake = await startFakeDfs({ account: "devstoreaccount1", filesystems: ["lake"], token: TOKEN });
  files = lakeWith(TOKEN).at({ account: "devstoreaccount1", filesystem: "lake" });
});
afterAll(async () => {
  await fake?.close();
});

lakeFilesBehaviour("DFS store on the loopback DFS fake", () => files!);

describe("DFS store: the REST calls it makes", () => {
  // DFS only: through the Blob API a written file is a block blob, which Append Block refuses (store.ts).
  it("appends to a file written before without truncating it", async () => {
    const f = files!;
    await f.write("_orchestrator/ledger/b.jsonl", '{"n":0}\n', "application/x-ndjson");
    await f.append("_orchestrator/ledger/b.jsonl", '{"n":1}\n');
    expect(await f.read("_orchestrator/ledger/b.jsonl")).toBe('{"n":0}\n{"n":1}\n');
  });

  it("asks the credential for the storage scope and is refused with another token", async () => {
    expect(new Set(scopes)).toEqual(new Set(["https://storage.azure.com/.default"]));
    const stranger = lakeWith("not-the-token").at({ account: "devstoreaccount1", filesystem: "lake" });
    await expect(stranger.read("_orchestrator/runs/tr-1.json")).rejects.toMatchObject({ statusCode: 403 });
    await expect(stranger.write("x.json", "{}")).rejects.toMatchObject({ statusCode: 403 });
  });

  it("writes through a staging file renamed over the target, never creating the target in place", async () => {
    const from = fake!.requests.length;
    await files!.write("_orchestrator/runs/staged.json", '{"ok":true}');
    const calls = fake!.requests.slice(from);
    const target = "/lake/_orchestrator/runs/staged.json";
    const staging = calls[0]?.path ?? "";
    expect(staging.startsWith(`/lake/${STAGING_FOLDER}/`)).toBe(true);
    expect(
      calls.map((c) => [
        c.method,
        c.path === target ? "target" : c.path === staging ? "staging" : c.path,
        c.query,
      ]),
    ).toEqual([
      ["PUT", "staging", { resource: "file" }],
      ["PATCH", "staging", { action: "append", position: "0" }],
      ["PATCH", "staging", { action: "flush", position: "11", close: "true" }],
      ["PUT", "target", { mode: "legacy" }],
    ]);
    expect(fake!.files.has(staging.slice(1))).toBe(false);
    expect(fake!.files.get("lake/_orchestrator/runs/staged.json")?.contentType).toBe("application/json");
  });

  it("appends under a lease: create if none, lease, length, append at it, flush with close, release", async () => {
    const from = fake!.requests.length;
    await files!.append("_orchestrator/ledger/leased.jsonl", "one\n");
    const calls = fake!.requests.slice(from).map(
      (c) =>
        `${c.method} ${Object.entries(c.query)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => `${k}=${v}`)
          .join("&")}`,
    );
    expect(calls).toEqual([
      "PUT resource=file",
      "PUT comp=lease",
      "HEAD ",
      "PATCH action=append&position=0",
      "PATCH action=flush&close=true&position=4",
      "PUT comp=lease",
    ]);
    expect(fake!.files.get("lake/_orchestrator/ledger/leased.jsonl")?.lease).toBeUndefined();
  });

  it("reports a missing filesystem as an error, not as a missing file", async () => {
    const other = lakeWith(TOKEN).at({ account: "devstoreaccount1", filesystem: "nope" });
    await expect(other.read("a.json")).rejects.toMatchObject({ statusCode: 404 });
  });
});
