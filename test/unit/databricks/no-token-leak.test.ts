import { describe, expect, it } from "vitest";
import { entraIdAuth } from "../../../shared/databricks/auth-entra.js";
import { oauthM2mAuth } from "../../../shared/databricks/auth-oauth.js";
import { connectionReset, FakeCredential, FakeFetch, ManualClock, type Reply } from "./fakes.js";
import { pat, rejection, setup } from "./setup.js";

/** Everything an operator could see: message, stack, cause chain, JSON, and every log line. */
function visible(err: unknown, logs: unknown[]): string {
  const e = err as Error & { cause?: unknown };
  return [String(e), e.stack, JSON.stringify(e), JSON.stringify(e.cause ?? null), JSON.stringify(logs)].join(
    "\n",
  );
}

// Servers (or proxies) that echo the credential back are the worst case we defend against.
const echoing = (secret: string): Reply[] => [
  { status: 401, body: { error_code: "UNAUTHENTICATED", message: `bad token Bearer ${secret}` } },
  { status: 503, body: { error_code: "TEMPORARILY_UNAVAILABLE", message: `token ${secret} throttled` } },
  { status: 500, body: `<html>${secret}</html>` },
  { throws: new TypeError(`fetch failed for ${secret}`, { cause: connectionReset() }) },
];

describe("no token in error messages or logs", () => {
  it.each(echoing(pat).map((reply, i) => [i, reply] as const))(
    "PAT, forced failure #%i",
    async (_i, reply) => {
      const { client, logger, run } = setup(Array(5).fill(reply) as Reply[], { retry: { maxAttempts: 3 } });
      const err = await rejection(run(client.jobs.getRun("1")));
      expect(visible(err, logger.lines)).not.toContain(pat);
      expect(logger.lines.length).toBeGreaterThan(0);
    },
  );

  it("Entra ID tokens, management token included", async () => {
    const clock = new ManualClock();
    const credential = new FakeCredential(clock);
    const auth = entraIdAuth({ credential, clock, workspaceResourceId: "/subscriptions/s/rg/w" });
    const replies: Reply[] = [
      {
        status: 403,
        body: { error_code: "PERMISSION_DENIED", message: "dbx-token-1 and mgmt-token-2 rejected" },
      },
    ];
    const { client, logger } = setup(replies, { auth, clock });
    const err = await rejection(clock.drive(client.scim.me()));
    const seen = visible(err, logger.lines);
    expect(seen).not.toContain("dbx-token-1");
    expect(seen).not.toContain("mgmt-token-2");
    expect(seen).toContain("PERMISSION_DENIED");
  });

  it("OAuth M2M client secret and token", async () => {
    const secret = "dose0123456789abcdef";
    const tokenFetch = new FakeFetch([{ status: 400, body: { error: `invalid_client ${secret}` } }]);
    const failing = oauthM2mAuth({
      host: "h",
      clientId: "id",
      clientSecret: secret,
      fetch: tokenFetch.fetch,
      clock: new ManualClock(),
    });
    expect(visible(await rejection(failing.headers()), [])).not.toContain(secret);

    const issued = new FakeFetch([{ body: { access_token: "eyJ-m2m-access-token", expires_in: 3600 } }]);
    const auth = oauthM2mAuth({
      host: "h",
      clientId: "id",
      clientSecret: secret,
      fetch: issued.fetch,
      clock: new ManualClock(),
    });
    const { client, logger, run } = setup(echoing("eyJ-m2m-access-token").slice(0, 1), { auth });
    expect(visible(await rejection(run(client.workspace.getStatus("/x"))), logger.lines)).not.toContain(
      "eyJ-m2m-access-token",
    );
  });
});
