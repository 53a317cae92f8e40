import { describe, expect, it } from "vitest";
import { patAuth, TokenCache } from "../../../shared/databricks/auth.js";
import { databricksScope, entraIdAuth, managementScope } from "../../../shared/databricks/auth-entra.js";
import { oauthM2mAuth } from "../../../shared/databricks/auth-oauth.js";
import { DatabricksError } from "../../../shared/databricks/errors.js";
import { FakeCredential, FakeFetch, ManualClock } from "./fakes.js";
import { host, pat, rejection, setup } from "./setup.js";

const minute = 60_000;

describe("auth", () => {
  it("sends a PAT as a bearer token", async () => {
    const { client, fake, run } = setup([{ body: { id: "1", userName: "u" } }]);
    await run(client.scim.me());
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${pat}`);
    expect(fake.requests[0]?.url.href).toBe(`${host}/api/2.0/preview/scim/v2/Me`);
    expect(await patAuth("x").headers()).toEqual({ authorization: "Bearer x" });
  });

  it("Entra ID: Databricks scope, cached until 5 minutes before expiry, then refreshed", async () => {
    const clock = new ManualClock();
    const credential = new FakeCredential(clock, 60 * minute);
    const auth = entraIdAuth({ credential, clock });
    expect(await auth.headers()).toEqual({ authorization: "Bearer dbx-token-1" });
    clock.advance(54 * minute);
    expect(await auth.headers()).toEqual({ authorization: "Bearer dbx-token-1" });
    clock.advance(2 * minute);
    expect(await auth.headers()).toEqual({ authorization: "Bearer dbx-token-2" });
    expect(credential.calls).toEqual([databricksScope, databricksScope]);
  });

  it("Entra ID: concurrent callers share one token request", async () => {
    const clock = new ManualClock();
    const credential = new FakeCredential(clock);
    const auth = entraIdAuth({ credential, clock });
    const all = await Promise.all(Array.from({ length: 5 }, () => auth.headers()));
    expect(new Set(all.map((h) => h.authorization))).toEqual(new Set(["Bearer dbx-token-1"]));
    expect(credential.calls).toHaveLength(1);
  });

  it("Entra ID: adds the management-token headers for a service principal outside the workspace", async () => {
    const clock = new ManualClock();
    const credential = new FakeCredential(clock);
    const workspaceResourceId =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/w";
    const auth = entraIdAuth({ credential, clock, workspaceResourceId });
    expect(await auth.headers()).toEqual({
      authorization: "Bearer dbx-token-1",
      "x-databricks-azure-sp-management-token": "mgmt-token-2",
      "x-databricks-azure-workspace-resource-id": workspaceResourceId,
    });
    expect(credential.calls).toEqual([databricksScope, managementScope]);
  });

  it("Entra ID: a failing credential becomes UNAUTHENTICATED without the original message", async () => {
    const clock = new ManualClock();
    const credential = new FakeCredential(clock);
    credential.failNext = new Error("secret=hunter2 rejected");
    const err = await rejection(entraIdAuth({ credential, clock }).headers());
    expect(err).toMatchObject({ errorCode: "UNAUTHENTICATED", retryable: false });
    expect(String(err)).not.toContain("hunter2");
  });

  it("TokenCache keeps serving a still-valid token when an early refresh fails", async () => {
    const clock = new ManualClock();
    let n = 0;
    const cache = new TokenCache(() => {
      n += 1;
      return n === 2
        ? Promise.reject(new Error("down"))
        : Promise.resolve({ token: `t${n}`, expiresAt: clock.now() + 10 * minute });
    }, clock);
    expect(await cache.get()).toBe("t1");
    clock.advance(6 * minute);
    expect(await cache.get()).toBe("t1");
    expect(await cache.get()).toBe("t3");
    clock.advance(11 * minute);
    n = 1;
    await expect(cache.get()).rejects.toThrow("down");
  });

  it("OAuth M2M: client credentials at /oidc/v1/token with scope all-apis, cached by expires_in", async () => {
    const clock = new ManualClock();
    const fake = new FakeFetch([
      { body: { access_token: "m2m-1", token_type: "Bearer", expires_in: 3600 } },
      { body: { access_token: "m2m-2", token_type: "Bearer", expires_in: 3600 } },
    ]);
    const auth = oauthM2mAuth({
      host: "adb-1.azuredatabricks.net/",
      clientId: "app-id",
      clientSecret: "s3cr3t-value",
      fetch: fake.fetch,
      clock,
    });
    expect(await auth.headers()).toEqual({ authorization: "Bearer m2m-1" });
    clock.advance(50 * minute);
    expect(await auth.headers()).toEqual({ authorization: "Bearer m2m-1" });
    clock.advance(6 * minute);
    expect(await auth.headers()).toEqual({ authorization: "Bearer m2m-2" });
    const req = fake.requests[0];
    expect(req?.method).toBe("POST");
    expect(req?.url.href).toBe("https://adb-1.azuredatabricks.net/oidc/v1/token");
    expect(req?.headers.authorization).toBe(`Basic ${Buffer.from("app-id:s3cr3t-value").toString("base64")}`);
    expect(Object.fromEntries(new URLSearchParams(req?.body))).toEqual({
      grant_type: "client_credentials",
      scope: "all-apis",
    });
  });

  it("OAuth M2M: a rejected client is a typed UNAUTHENTICATED error", async () => {
    const fake = new FakeFetch([
      { status: 401, body: { error: "invalid_client", error_description: "bad secret s3cr3t-value" } },
    ]);
    const auth = oauthM2mAuth({
      host,
      clientId: "app-id",
      clientSecret: "s3cr3t-value",
      fetch: fake.fetch,
      clock: new ManualClock(),
    });
    const err = await rejection(auth.headers());
    expect(err).toBeInstanceOf(DatabricksError);
    expect(err).toMatchObject({
      errorCode: "UNAUTHENTICATED",
      status: 401,
      message: "OAuth token request failed: invalid_client",
    });
  });

  it("the client asks auth for headers on every attempt, so a refreshed token is used on retry", async () => {
    const clock = new ManualClock();
    const credential = new FakeCredential(clock, 6 * minute);
    const { client, fake } = setup(
      [{ status: 503, body: {}, headers: { "retry-after": "120" } }, { body: {} }],
      {
        auth: entraIdAuth({ credential, clock }),
        clock,
        retry: { maxTotalWaitMs: 300_000 },
      },
    );
    await clock.drive(client.scim.me());
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual([
      "Bearer dbx-token-1",
      "Bearer dbx-token-2",
    ]);
  });
});
