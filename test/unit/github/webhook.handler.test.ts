import { randomUUID } from "node:crypto";
import { InvocationContext } from "@azure/functions";
import { describe, expect, it } from "vitest";
import { durableStarter } from "../../../shared/durable/start-once.js";
import { MAX_PAYLOAD_BYTES } from "../../../shared/github/delivery.js";
import { routingConfigSchema } from "../../../shared/github/routing-config.js";
import { createSignatureVerifier } from "../../../shared/github/signature.js";
import { createGithubWebhookHandler, type WebhookSettings } from "../../../shared/github/webhook.handler.js";
import { createLogger, type LogEntry } from "../../../shared/runtime/logger.js";
import { FakeStartClient } from "./fake-durable-client.js";
import { deliveryRequest, example, OLD_SECRET, SECRET, type DeliveryOptions } from "./fixtures.js";

const routing = routingConfigSchema.parse({
  repositories: ["Codertocat/Hello-World"],
  routes: [{ branch: "master", target: "staging" }],
});
const masterPush = () =>
  JSON.stringify({
    ...example(
      "push",
      (p) => p.ref === "refs/heads/master" && Array.isArray(p.commits) && p.commits.length === 1,
    ),
    created: false,
    before: "1".repeat(40),
  });

function setup(settings: Partial<WebhookSettings> = {}) {
  const client = new FakeStartClient();
  const entries: LogEntry[] = [];
  const handler = createGithubWebhookHandler({
    settings: () => ({ verify: createSignatureVerifier([SECRET, OLD_SECRET]), routing, ...settings }),
    orchestrator: "DeployOnPush",
    logger: () => createLogger({ sink: (e) => entries.push(e), level: "debug" }),
    now: () => new Date("2026-03-01T12:00:00.000Z"),
  });
  const send = (body: string | Buffer, options?: DeliveryOptions) =>
    handler(
      deliveryRequest(body, options),
      new InvocationContext({ functionName: "githubWebhook" }),
      durableStarter(client),
    );
  return { client, entries, send };
}

describe("POST /api/github/webhook: authentication and request checks", () => {
  it.each([
    ["a missing signature", { signature: null }],
    ["a signature made with an unknown secret", { secret: "not-our-secret-at-all" }],
    ["a malformed signature", { signature: "sha256=nothex" }],
  ])("answers 401 to %s and starts nothing", async (_, options: DeliveryOptions) => {
    const { client, send } = setup();
    const res = await send(masterPush(), options);
    expect(res.status).toBe(401);
    expect(client.startCalls).toBe(0);
  });

  it("accepts the secret being rotated out", async () => {
    const { send } = setup();
    expect((await send(masterPush(), { secret: OLD_SECRET })).status).toBe(202);
  });

  it("answers 415 to a wrong content type even when signed", async () => {
    const { send } = setup();
    const res = await send(masterPush(), { contentType: "application/x-www-form-urlencoded" });
    expect(res).toMatchObject({ status: 415, jsonBody: { error: { code: "UNSUPPORTED_CONTENT_TYPE" } } });
  });

  it("accepts a charset parameter on the JSON content type", async () => {
    const { send } = setup();
    expect((await send(masterPush(), { contentType: "application/json; charset=utf-8" })).status).toBe(202);
  });

  it.each([
    ["not JSON", '{"zen":'],
    ["a JSON array", "[1,2]"],
    ["a JSON string", '"push"'],
  ])("answers 400 to a signed body that is %s", async (_, body) => {
    const { send } = setup();
    expect(await send(body)).toMatchObject({ status: 400, jsonBody: { error: { code: "INVALID_JSON" } } });
  });

  it("answers 400 to a push payload missing the fields routing needs", async () => {
    const { send } = setup();
    const res = await send(JSON.stringify({ ref: "refs/heads/master" }));
    expect(res).toMatchObject({ status: 400, jsonBody: { error: { code: "INVALID_PAYLOAD" } } });
  });

  it("answers 400 without a delivery id", async () => {
    const { send } = setup();
    const res = await send(masterPush(), { headers: { "x-github-delivery": "" } });
    expect(res.status).toBe(400);
  });

  it("answers 413 to a declared or actual body over 25 MB, before checking anything else", async () => {
    const { send } = setup();
    const declared = await send("{}", {
      signature: null,
      headers: { "content-length": String(MAX_PAYLOAD_BYTES + 1) },
    });
    expect(declared.status).toBe(413);
    const actual = await send(Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x20), { signature: null });
    expect(actual.status).toBe(413);
  });

  it("answers 503 when no secret is configured", async () => {
    const { send } = setup({ verify: undefined });
    expect(await send(masterPush())).toMatchObject({
      status: 503,
      jsonBody: { error: { code: "WEBHOOK_NOT_CONFIGURED" } },
    });
  });
});

describe("POST /api/github/webhook: events", () => {
  it("answers a real ping with 200", async () => {
    const { send } = setup();
    expect(await send(JSON.stringify(example("ping")), { event: "ping" })).toMatchObject({
      status: 200,
      jsonBody: { status: "pong" },
    });
  });

  it("starts one deploy per delivery id; a redelivery returns the existing instance", async () => {
    const { client, send } = setup();
    const deliveryId = randomUUID();
    const first = await send(masterPush(), { deliveryId });
    expect(first).toMatchObject({
      status: 202,
      jsonBody: { status: "started", instanceId: `gh-${deliveryId}`, target: "staging" },
    });
    const again = await send(masterPush(), { deliveryId });
    expect(again).toMatchObject({
      status: 202,
      jsonBody: { status: "duplicate", instanceId: `gh-${deliveryId}` },
    });
    expect(client.startCalls).toBe(1);
    expect(client.instances.get(`gh-${deliveryId}`)).toMatchObject({
      name: "DeployOnPush",
      input: {
        deliveryId,
        sha: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
        receivedAt: "2026-03-01T12:00:00.000Z",
      },
    });
  });

  it("answers a push that deploys nothing with the reason and starts nothing", async () => {
    const { client, send, entries } = setup();
    const deleted = JSON.stringify(example("push", (p) => p.deleted === true));
    const res = await send(deleted);
    expect(res).toMatchObject({ status: 200, jsonBody: { status: "skipped", reason: "ref_deleted" } });
    expect(client.startCalls).toBe(0);
    expect(entries.some((e) => e.message === "github delivery deploys nothing")).toBe(true);
  });

  it("re-runs a deploy check run on request and ignores other check runs", async () => {
    const { client, send } = setup();
    const rerun = example("check_run", (p) => p.action === "rerequested");
    const named = {
      ...rerun,
      repository: { ...(rerun.repository as object), full_name: "Codertocat/Hello-World" },
      check_run: { ...(rerun.check_run as object), name: "deploy/staging/churn" },
    };
    const res = await send(JSON.stringify(named), { event: "check_run" });
    expect(res).toMatchObject({ status: 202, jsonBody: { status: "started", target: "staging" } });
    const [started] = [...client.instances.values()];
    expect(started?.input).toMatchObject({
      trigger: "rerun",
      changes: { kind: "bundles", names: ["churn"] },
    });
    const foreign = await send(JSON.stringify(example("check_run", (p) => p.action === "requested_action")), {
      event: "check_run",
    });
    expect(foreign).toMatchObject({ status: 200, jsonBody: { status: "skipped" } });
  });

  it("logs installation events by id only", async () => {
    const { entries, send } = setup();
    const res = await send(JSON.stringify(example("installation")), { event: "installation" });
    expect(res.status).toBe(200);
    const line = entries.find((e) => e.message === "github app installation changed");
    expect(line?.fields).toMatchObject({ installationId: expect.any(Number) as number });
  });

  it("answers 204 to events it does not handle", async () => {
    const { send } = setup();
    expect((await send(JSON.stringify(example("star")), { event: "star" })).status).toBe(204);
  });
});

describe("POST /api/github/webhook: secrets", () => {
  it("never logs the secret, the signature or the payload", async () => {
    const { entries, send } = setup();
    await send(masterPush(), { secret: "wrong-secret-wrong-secret" });
    await send(masterPush());
    const logged = JSON.stringify(entries);
    expect(entries.length).toBeGreaterThan(0);
    for (const secret of [SECRET, OLD_SECRET, "sha256=", "Codertocat@users.noreply"])
      expect(logged).not.toContain(secret);
  });
});
