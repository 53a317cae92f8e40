import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databricksAudience, type RunningEmulator } from "../../../local/databricks/index.js";
import { type DatabricksClient, DatabricksError } from "../../../shared/databricks/index.js";
import { clientFor, emulator } from "./helpers.js";

const jwt = (claims: Record<string, unknown>): string =>
  [{ alg: "none", typ: "JWT" }, claims, "sig"]
    .map((p) => (typeof p === "string" ? p : Buffer.from(JSON.stringify(p)).toString("base64url")))
    .join(".");
const now = (): number => Math.floor(Date.now() / 1000);

describe("emulator faults, errors and auth", () => {
  const logs: string[] = [];
  let emu: RunningEmulator;
  let client: DatabricksClient;
  const fault = (body: unknown, method = "POST"): Promise<Response> =>
    fetch(`${emu.url}/__emulator/faults`, {
      method,
      headers: { authorization: `Bearer ${emu.token}` },
      body: method === "POST" ? JSON.stringify(body) : null,
    });
  const me = (token?: string): Promise<Response> =>
    fetch(`${emu.url}/api/2.0/preview/scim/v2/Me`, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });

  beforeAll(async () => {
    emu = await emulator({ token: "dapi-secret-for-tests-0123", log: (line) => logs.push(line) });
    client = clientFor(emu, { maxAttempts: 3 });
  });
  afterAll(() => emu.stop());

  it("returns the configured user from SCIM Me", async () => {
    expect(await client.scim.me()).toMatchObject({
      userName: "developer@example.com",
      emails: [{ value: "developer@example.com" }],
    });
  });

  it("retries injected 429 (Retry-After) and 503, then surfaces typed errors once the budget runs out", async () => {
    expect(
      (await fault({ path: "/api/2.0/preview/scim/v2/Me", status: 429, retryAfterSeconds: 0, count: 2 }))
        .status,
    ).toBe(200);
    expect((await client.scim.me()).userName).toBe("developer@example.com");
    await fault({ path: "/api/2.0/preview/scim/v2/Me", status: 503, count: 5 });
    const err = (await client.scim.me().catch((e: unknown) => e)) as DatabricksError;
    expect(err).toBeInstanceOf(DatabricksError);
    expect(err).toMatchObject({ errorCode: "TEMPORARILY_UNAVAILABLE", status: 503, attempts: 3 });
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
    await fault(undefined, "DELETE");
    await fault({ pathPrefix: "/api/2.0/preview/scim", status: 429, retryAfterSeconds: 0, count: 3 });
    await expect(client.scim.me()).rejects.toMatchObject({
      errorCode: "REQUEST_LIMIT_EXCEEDED",
      status: 429,
    });
    expect((await fault(undefined, "DELETE")).status).toBe(200);
    expect((await client.scim.me()).userName).toBe("developer@example.com");
  });

  it("answers malformed and invalid requests with Databricks error JSON", async () => {
    const post = (path: string, body: string): Promise<Response> =>
      fetch(`${emu.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${emu.token}` }, body });
    const malformed = await post("/api/2.2/jobs/create", "{not json");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error_code: "MALFORMED_REQUEST" });
    const missing = await post("/api/2.2/jobs/run-now", "{}");
    expect(await missing.json()).toMatchObject({ error_code: "INVALID_PARAMETER_VALUE" });
    const duplicate = await post(
      "/api/2.2/jobs/create",
      JSON.stringify({ tasks: [{ task_key: "a" }, { task_key: "a" }] }),
    );
    expect(duplicate.status).toBe(400);
    const unknown = await post("/api/2.2/nothing/here", "{}");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error_code: "ENDPOINT_NOT_FOUND" });
  });

  it("accepts the PAT and Entra tokens for Databricks; rejects others with 401 or 403", async () => {
    expect((await me(emu.token)).status).toBe(200);
    expect((await me(jwt({ aud: databricksAudience, exp: now() + 600, nbf: now() - 10 }))).status).toBe(200);
    const missing = await me();
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error_code: "UNAUTHENTICATED" });
    expect((await me("dapi-wrong-token-5678")).status).toBe(401);
    expect((await me(jwt({ aud: databricksAudience, exp: now() - 3600 }))).status).toBe(401);
    expect((await me(jwt({ aud: databricksAudience, exp: now() + 7200, nbf: now() + 3600 }))).status).toBe(
      401,
    );
    const wrongAudience = await me(jwt({ aud: "https://storage.azure.com", exp: now() + 600 }));
    expect(wrongAudience.status).toBe(403);
    expect(await wrongAudience.json()).toMatchObject({ error_code: "PERMISSION_DENIED" });
  });

  it("never writes a token into its logs", () => {
    expect(logs.length).toBeGreaterThan(10);
    const all = logs.join("\n");
    expect(all).not.toContain("dapi-secret-for-tests-0123");
    expect(all).not.toContain("dapi-wrong-token-5678");
    expect(all).not.toContain("Bearer");
  });
});
