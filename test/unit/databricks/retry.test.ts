import { describe, expect, it } from "vitest";
import { DatabricksError } from "../../../shared/databricks/errors.js";
import { connectionReset } from "./fakes.js";
import { rejection, setup } from "./setup.js";

const ok = { status: 200, body: { id: "u1", userName: "me@example.com" } };
const busy = (status: number, headers: Record<string, string> = {}) => ({
  status,
  body: { error_code: "TEMPORARILY_UNAVAILABLE", message: "busy" },
  headers,
});
const limited = (retryAfter: string) => ({
  status: 429,
  body: { error_code: "REQUEST_LIMIT_EXCEEDED", message: "slow down" },
  headers: { "retry-after": retryAfter },
});

describe("retries", () => {
  it("honours Retry-After in seconds", async () => {
    const { client, fake, clock, run } = setup([limited("3"), ok]);
    await expect(run(client.scim.me())).resolves.toMatchObject({ userName: "me@example.com" });
    expect(fake.requests).toHaveLength(2);
    expect(clock.completed).toEqual([3000]);
  });

  it("honours Retry-After as an HTTP date", async () => {
    const { client, fake, clock, run } = setup();
    fake.push(limited(new Date(clock.now() + 7000).toUTCString()), ok);
    await run(client.scim.me());
    expect(fake.requests).toHaveLength(2);
    expect(clock.completed).toEqual([7000]);
  });

  it.each([500, 502, 503, 504])("retries a GET on %i with full-jitter backoff", async (status) => {
    const { client, fake, clock, run } = setup([busy(status), busy(status), ok], {
      retry: { random: () => 0.5, baseDelayMs: 100 },
    });
    await run(client.scim.me());
    expect(fake.requests).toHaveLength(3);
    // random 0.5 × ceilings 100, 200
    expect(clock.completed).toEqual([50, 100]);
  });

  it("retries a connection reset", async () => {
    const { client, fake, run, logger } = setup([{ throws: connectionReset() }, ok]);
    await run(client.scim.me());
    expect(fake.requests).toHaveLength(2);
    expect(logger.lines.find((l) => l.message === "databricks retry")?.fields).toMatchObject({
      errorCode: "NETWORK_ERROR",
      attempt: 1,
    });
  });

  it("stops at maxAttempts with a typed error carrying the last request id", async () => {
    const replies = [1, 2, 3].map((n) => busy(503, { "x-request-id": `req-${n}` }));
    const { client, fake, run } = setup(replies, { retry: { maxAttempts: 3 } });
    const err = await rejection(run(client.scim.me()));
    expect(err).toBeInstanceOf(DatabricksError);
    expect(err).toMatchObject({
      errorCode: "TEMPORARILY_UNAVAILABLE",
      status: 503,
      requestId: "req-3",
      attempts: 3,
      retryable: true,
    });
    expect(fake.requests).toHaveLength(3);
  });

  it("does not wait past maxTotalWaitMs: a long Retry-After ends the call at once", async () => {
    const { client, fake, clock, run } = setup([limited("2"), limited("120"), ok], {
      retry: { maxTotalWaitMs: 60_000 },
    });
    const err = await rejection(run(client.scim.me()));
    expect(err).toMatchObject({ errorCode: "REQUEST_LIMIT_EXCEEDED", attempts: 2 });
    expect(fake.requests).toHaveLength(2);
    expect(clock.completed).toEqual([2000]);
  });

  it("never retries a non-retryable error", async () => {
    const { client, fake, run } = setup([
      { status: 400, body: { error_code: "INVALID_PARAMETER_VALUE" } },
      ok,
    ]);
    await expect(run(client.scim.me())).rejects.toMatchObject({
      errorCode: "INVALID_PARAMETER_VALUE",
      attempts: 1,
    });
    expect(fake.requests).toHaveLength(1);
  });

  it.each([
    ["503", busy(503)],
    ["429", limited("1")],
    ["connection reset", { throws: connectionReset() }],
  ])("never retries jobs/create (%s)", async (_name, reply) => {
    const { client, fake, run } = setup([reply, { body: { job_id: 1 } }]);
    await expect(run(client.jobs.create({ name: "j" }))).rejects.toBeInstanceOf(DatabricksError);
    expect(fake.requests).toHaveLength(1);
  });

  it.each([
    [
      "MLflow runs/create",
      (c: ReturnType<typeof setup>["client"]) => c.mlflow.createRun({ experiment_id: "1" }),
    ],
    [
      "model-versions/create",
      (c: ReturnType<typeof setup>["client"]) => c.mlflow.createModelVersion({ name: "m", source: "s" }),
    ],
    [
      "UC model create",
      (c: ReturnType<typeof setup>["client"]) =>
        c.unityCatalog.createRegisteredModel({ name: "m", catalog_name: "c", schema_name: "s" }),
    ],
    [
      "import without overwrite",
      (c: ReturnType<typeof setup>["client"]) => c.workspace.import({ path: "/a", content: "" }),
    ],
  ])("never retries %s", async (_name, call) => {
    const { client, fake, run } = setup([busy(503), ok]);
    const pending: Promise<unknown> = call(client);
    await expect(run(pending)).rejects.toMatchObject({ status: 503 });
    expect(fake.requests).toHaveLength(1);
  });

  it("retries run-now only when it carries an idempotency_token", async () => {
    const without = setup([busy(503), { body: { run_id: 5 } }]);
    await expect(without.run(without.client.jobs.runNow({ job_id: "1" }))).rejects.toMatchObject({
      status: 503,
    });
    expect(without.fake.requests).toHaveLength(1);

    const withToken = setup([{ throws: connectionReset() }, busy(503), { body: { run_id: 5 } }]);
    await expect(
      withToken.run(withToken.client.jobs.runNow({ job_id: "1", idempotency_token: "gh-42" })),
    ).resolves.toEqual({ run_id: "5" });
    expect(withToken.fake.requests.map((r) => r.body)).toEqual(
      Array(3).fill('{"job_id":1,"idempotency_token":"gh-42"}'),
    );
  });

  it("retries repair only with latest_repair_id", async () => {
    const first = setup([busy(503), { body: { repair_id: 2 } }]);
    await expect(
      first.run(first.client.jobs.repairRun({ run_id: "9", rerun_all_failed_tasks: true })),
    ).rejects.toBeDefined();
    expect(first.fake.requests).toHaveLength(1);

    const later = setup([busy(503), { body: { repair_id: 3 } }]);
    await expect(
      later.run(later.client.jobs.repairRun({ run_id: "9", latest_repair_id: "2" })),
    ).resolves.toEqual({ repair_id: "3" });
    expect(later.fake.bodyOf(-1)).toEqual({ run_id: 9, latest_repair_id: 2 });
  });

  it("times out a hanging attempt and retries it (GET)", async () => {
    const { client, fake, clock, run } = setup([{ hang: true }, ok], { timeoutMs: 5000 });
    await run(client.scim.me());
    expect(fake.requests).toHaveLength(2);
    expect(clock.completed[0]).toBe(5000);
  });

  it("reports DEADLINE_EXCEEDED when every attempt times out", async () => {
    const { client, run } = setup([{ hang: true }, { hang: true }], { retry: { maxAttempts: 2 } });
    await expect(run(client.scim.me({ timeoutMs: 1000 }))).rejects.toMatchObject({
      errorCode: "DEADLINE_EXCEEDED",
      status: 0,
      attempts: 2,
    });
  });

  it("stops when the caller aborts during a backoff wait", async () => {
    const controller = new AbortController();
    const { client, fake, clock, run } = setup([limited("30"), ok]);
    const pending = client.scim.me({ signal: controller.signal });
    const settled = run(pending).catch((e: unknown) => e);
    while (fake.requests.length === 0) await new Promise((r) => setImmediate(r));
    controller.abort();
    expect(await settled).toMatchObject({ errorCode: "CANCELLED", retryable: false });
    expect(fake.requests).toHaveLength(1);
    expect(clock.completed).toEqual([]);
  });
});
