import { describe, expect, it } from "vitest";
import { BODY_MAX_BYTES, TEXT_MAX_CHARS } from "../../../../shared/pipelines/promotion/api-schemas.js";
import { guarded } from "../../../../shared/pipelines/promotion/promotion-http.js";
import {
  createDecisionHandler,
  createGetPromotionHandler,
  createListPromotionsHandler,
} from "../../../../shared/pipelines/promotion/promotion-decide.handler.js";
import {
  createRollbackHandler,
  createStartPromotionHandler,
} from "../../../../shared/pipelines/promotion/promotion-start.handler.js";
import { devRequest, FakePromotionClient } from "./fake-client.js";

const deps = {
  settings: () => ({ approvalTimeoutSeconds: 3_600, reminderWebhook: false, devPrincipal: true }),
  now: () => new Date("2026-01-01T00:00:00.000Z"),
};
const ALICE = "alice; roles=Promotion.Request";
const BOB = "bob; roles=Promotion.Approve";
const body = {
  bundle: "churn",
  model: "prod.ml.churn",
  from: "staging",
  to: "prod",
  reason: "better recall",
};

const start = createStartPromotionHandler(deps);
const approve = createDecisionHandler(deps, "approve");
const cancel = createDecisionHandler(deps, "cancel");
const call = (
  handler: (r: ReturnType<typeof devRequest>, c: FakePromotionClient) => Promise<unknown>,
  client: FakePromotionClient,
  request: ReturnType<typeof devRequest>,
) => guarded(() => handler(request, client) as never);

async function started(client = new FakePromotionClient()) {
  const res = await call(start, client, devRequest("POST", "/api/promotions", { as: ALICE, body }));
  const id = (res.jsonBody as { id: string }).id;
  return { client, res, id };
}

describe("promotion API", () => {
  it("starts a promotion: 202 with links, Location and Retry-After, requester from the principal", async () => {
    const { client, res, id } = await started();
    expect(res.status).toBe(202);
    expect(id).toMatch(/^promo-[0-9a-f]{48}$/);
    expect(res.headers).toMatchObject({
      location: `http://127.0.0.1:7071/api/promotions/${id}`,
      "retry-after": "10",
    });
    expect(res.jsonBody).toMatchObject({ approveUrl: `http://127.0.0.1:7071/api/promotions/${id}/approve` });
    expect(client.instances.get(id)).toMatchObject({
      name: "promote",
      input: {
        requester: { id: "dev:alice", name: "alice" },
        approvalTimeoutSeconds: 3_600,
        recordId: `${id}@2026-01-01T00:00:00.000Z`,
      },
    });
  });

  it("a second promotion for the same model and target gets 409 with the first one's URL", async () => {
    const { client, id } = await started();
    const again = await call(
      start,
      client,
      devRequest("POST", "/api/promotions", { as: ALICE, body: { ...body, reason: "again" } }),
    );
    expect(again.status).toBe(409);
    expect(again.headers).toMatchObject({ location: `http://127.0.0.1:7071/api/promotions/${id}` });
    expect(again.jsonBody).toMatchObject({ error: { code: "PROMOTION_RUNNING", details: { id } } });
    client.set(id, { runtimeStatus: "Completed", output: { kind: "rejected" } });
    expect(
      (await call(start, client, devRequest("POST", "/api/promotions", { as: ALICE, body }))).status,
    ).toBe(202);
  });

  it.each([
    ["a missing reason", { ...body, reason: undefined }, /reason/],
    ["an unknown field", { ...body, extra: 1 }, /extra: not a known field/],
    ["the same source and target", { ...body, to: "staging" }, /different targets/],
    ["a bad model name", { ...body, model: "../x" }, /model/],
    ["an oversized reason", { ...body, reason: "x".repeat(TEXT_MAX_CHARS + 1) }, /at most 4000/],
  ])("400 for %s, and nothing starts", async (_name, bad, message) => {
    const client = new FakePromotionClient();
    const res = await call(start, client, devRequest("POST", "/api/promotions", { as: ALICE, body: bad }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.jsonBody)).toMatch(message);
    expect(client.instances.size).toBe(0);
  });

  it("400 for a body that is not JSON; 401 without a principal; 403 without the role", async () => {
    const client = new FakePromotionClient();
    expect(
      (await call(start, client, devRequest("POST", "/api/promotions", { as: ALICE, raw: "{" }))).status,
    ).toBe(400);
    expect((await call(start, client, devRequest("POST", "/api/promotions", { body }))).status).toBe(401);
    expect((await call(start, client, devRequest("POST", "/api/promotions", { as: BOB, body }))).status).toBe(
      403,
    );
    expect(client.instances.size).toBe(0);
  });

  it("approval by a second person raises the event; self-approval is 403 and raises nothing", async () => {
    const { client, id } = await started();
    client.set(id, { customStatus: { step: "awaiting_approval" } });
    const path = `/api/promotions/${id}/approve`;
    const self = await call(
      approve,
      client,
      devRequest("POST", path, {
        as: "alice; roles=Promotion.Request,Promotion.Approve",
        body: {},
        params: { id },
      }),
    );
    expect(self.status).toBe(403);
    expect(client.events).toEqual([]);
    const res = await call(
      approve,
      client,
      devRequest("POST", path, { as: BOB, body: { comment: "lgtm" }, params: { id } }),
    );
    expect(res.status).toBe(202);
    expect(client.events).toEqual([
      {
        id,
        name: "approval",
        data: {
          decision: "approve",
          by: { id: "dev:bob", name: "bob" },
          comment: "lgtm",
          at: "2026-01-01T00:00:00.000Z",
        },
      },
    ]);
  });

  it("approving a finished promotion is 409; an oversized comment is 400; an unknown id is 404", async () => {
    const { client, id } = await started();
    const path = `/api/promotions/${id}/approve`;
    const long = await call(
      approve,
      client,
      devRequest("POST", path, {
        as: BOB,
        body: { comment: "x".repeat(TEXT_MAX_CHARS + 1) },
        params: { id },
      }),
    );
    expect(long.status).toBe(400);
    client.set(id, { runtimeStatus: "Completed", output: { kind: "promoted" } });
    const late = await call(approve, client, devRequest("POST", path, { as: BOB, body: {}, params: { id } }));
    expect(late.status).toBe(409);
    expect(late.jsonBody).toMatchObject({
      error: { code: "PROMOTION_NOT_AWAITING_APPROVAL", details: { status: "promoted" } },
    });
    const missing = await call(
      approve,
      client,
      devRequest("POST", "/api/promotions/nope/approve", { as: BOB, body: {}, params: { id: "nope" } }),
    );
    expect(missing.status).toBe(404);
    expect(client.events).toEqual([]);
  });

  it.each([
    ["approve", "a comment that is not text", { comment: 5 }, /comment/],
    ["approve", "an unknown field", { comment: "ok", by: "carol" }, /by: not a known field/],
    ["reject", "an oversized comment", { comment: "x".repeat(TEXT_MAX_CHARS + 1) }, /at most 4000/],
    ["reject", "a body that is an array", [], /expected object/i],
  ] as const)(
    "%s with %s is 400 with the schema error, and raises nothing",
    async (verb, _name, bad, message) => {
      const { client, id } = await started();
      const handler = createDecisionHandler(deps, verb);
      const path = `/api/promotions/${id}/${verb}`;
      const res = await call(
        handler,
        client,
        devRequest("POST", path, { as: BOB, body: bad, params: { id } }),
      );
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.jsonBody)).toMatch(message);
      expect(client.events).toEqual([]);
    },
  );

  it.each([
    ["a missing reason", { model: "prod.ml.churn", target: "prod" }, /reason/],
    ["a bad target", { model: "prod.ml.churn", target: "../prod", reason: "r" }, /target/],
    [
      "an oversized reason",
      { model: "prod.ml.churn", target: "prod", reason: "x".repeat(4_001) },
      /at most 4000/,
    ],
  ])("rollback with %s is 400 with the schema error, and nothing starts", async (_name, bad, message) => {
    const client = new FakePromotionClient();
    const rollback = createRollbackHandler(deps);
    const res = await call(
      rollback,
      client,
      devRequest("POST", "/api/promotions/rollback", { as: BOB, body: bad }),
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.jsonBody)).toMatch(message);
    expect(client.instances.size).toBe(0);
  });

  it("an approval body over 16 KB is 413 before parsing, and raises nothing", async () => {
    const { client, id } = await started();
    const raw = JSON.stringify({ comment: "x".repeat(BODY_MAX_BYTES) });
    const path = `/api/promotions/${id}/approve`;
    const res = await call(approve, client, devRequest("POST", path, { as: BOB, raw, params: { id } }));
    expect(res.status).toBe(413);
    expect(client.events).toEqual([]);
  });

  it("only the requester (or an approver) cancels", async () => {
    const { client, id } = await started();
    const other = await call(
      cancel,
      client,
      devRequest("POST", `/api/promotions/${id}/cancel`, {
        as: "carol; roles=Promotion.Request",
        params: { id },
      }),
    );
    expect(other.status).toBe(403);
    const own = await call(
      cancel,
      client,
      devRequest("POST", `/api/promotions/${id}/cancel`, { as: ALICE, params: { id } }),
    );
    expect(own.status).toBe(202);
    expect(client.events.map((e) => (e.data as { decision: string }).decision)).toEqual(["cancel"]);
  });

  it("reads one promotion and lists by status", async () => {
    const { client, id } = await started();
    client.set(id, { customStatus: { step: "awaiting_approval" } });
    const get = createGetPromotionHandler(deps);
    const one = await call(
      get,
      client,
      devRequest("GET", `/api/promotions/${id}`, { as: BOB, params: { id } }),
    );
    expect(one.jsonBody).toMatchObject({ id, kind: "promotion", status: "awaiting_approval", running: true });
    const list = createListPromotionsHandler(deps);
    const waiting = await call(
      list,
      client,
      devRequest("GET", "/api/promotions?status=awaiting_approval", { as: BOB }),
    );
    expect((waiting.jsonBody as { promotions: unknown[] }).promotions).toHaveLength(1);
    const done = await call(list, client, devRequest("GET", "/api/promotions?status=promoted", { as: BOB }));
    expect((done.jsonBody as { promotions: unknown[] }).promotions).toHaveLength(0);
    expect(
      (await call(list, client, devRequest("GET", "/api/promotions?status=bogus", { as: BOB }))).status,
    ).toBe(400);
  });

  it("rollback needs the approver role and starts rollbackChampion once per (model, target)", async () => {
    const client = new FakePromotionClient();
    const rollback = createRollbackHandler(deps);
    const rb = { model: "prod.ml.churn", target: "prod", reason: "regression" };
    expect(
      (await call(rollback, client, devRequest("POST", "/api/promotions/rollback", { as: ALICE, body: rb })))
        .status,
    ).toBe(403);
    const res = await call(
      rollback,
      client,
      devRequest("POST", "/api/promotions/rollback", { as: BOB, body: rb }),
    );
    expect(res.status).toBe(202);
    expect([...client.instances.values()].map((i) => i.name)).toEqual(["rollbackChampion"]);
    expect(
      (await call(rollback, client, devRequest("POST", "/api/promotions/rollback", { as: BOB, body: rb })))
        .status,
    ).toBe(409);
  });

  it("ignores the development header when the setting is off", async () => {
    const strict = createStartPromotionHandler({
      ...deps,
      settings: () => ({ ...deps.settings(), devPrincipal: false }),
    });
    const res = await call(
      strict,
      new FakePromotionClient(),
      devRequest("POST", "/api/promotions", { as: ALICE, body }),
    );
    expect(res.status).toBe(401);
  });
});
