import azfn from "@azure/functions";
import { describe, expect, it } from "vitest";
import type { Run } from "../../../../shared/databricks/index.js";
import { DatabricksError } from "../../../../shared/databricks/errors.js";
import {
  createRunEventsHandler,
  type EventRaiser,
} from "../../../../shared/pipelines/run-job/run-events.handler.js";
import { createRunIndex } from "../../../../shared/pipelines/run-job/run-index.js";
import { RUN_STATE_CHANGED_EVENT } from "../../../../shared/pipelines/run-job/run-job.contracts.js";
import { createLogger, type LogEntry } from "../../../../shared/runtime/logger.js";
import { memoryFiles } from "./memory-files.js";

const AUTH = { user: "databricks", password: "a-long-random-webhook-password-0123456789" };
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
// The documented generic-webhook payload (Databricks "job notifications"), ids as Databricks sends them.
const ended = {
  event_type: "jobs.on_success",
  workspace_id: "1234567890123456",
  run: { run_id: 101 },
  job: { job_id: 7, name: "churn-train" },
};

type RunState = Pick<Run, "state" | "job_id">;
const TERMINATED: RunState = {
  job_id: "7",
  state: { life_cycle_state: "TERMINATED", result_state: "SUCCESS" },
};
const RUNNING: RunState = { job_id: "7", state: { life_cycle_state: "RUNNING" } };

async function setup(opts: { runs?: Record<string, RunState | Error>; auth?: boolean; lake?: boolean } = {}) {
  const files = memoryFiles();
  const index = createRunIndex(files);
  await index.record({ runId: "101", target: "prod", jobId: "7", instanceId: "tr-abc:train:1" });
  const runs = opts.runs ?? { "prod/101": TERMINATED };
  const gets: string[] = [];
  const raised: { instanceId: string; event: string; data: unknown }[] = [];
  const logs: LogEntry[] = [];
  const handler = createRunEventsHandler({
    auth: () => (opts.auth === false ? undefined : AUTH),
    runIndex: () => (opts.lake === false ? undefined : index),
    runsFor: (target) => ({
      getRun(runId) {
        gets.push(`${target}/${runId}`);
        const r = runs[`${target}/${runId}`];
        if (r instanceof Error) return Promise.reject(r);
        return r
          ? Promise.resolve({ run_id: runId, ...r })
          : Promise.reject(
              new DatabricksError({
                errorCode: "RESOURCE_DOES_NOT_EXIST",
                status: 404,
                message: "no run",
                requestId: undefined,
                retryable: false,
              }),
            );
      },
    }),
    logger: () => createLogger({ sink: (e) => logs.push(e), level: "debug" }),
  });
  const raiser: EventRaiser = {
    raise(instanceId, event, data) {
      raised.push({ instanceId, event, data });
      return Promise.resolve();
    },
  };
  const post = async (body: string, authorization: string | null = basic(AUTH.user, AUTH.password)) => {
    const request = new azfn.HttpRequest({
      method: "POST",
      url: "http://localhost/api/databricks/run-events",
      headers: authorization === null ? {} : { authorization, "content-type": "application/json" },
      body: { string: body },
    });
    const res = await handler(
      request,
      new azfn.InvocationContext({ functionName: "databricksRunEvents" }),
      raiser,
    );
    return { status: res.status ?? 200, body: res.jsonBody as Record<string, unknown>, headers: res.headers };
  };
  return { post, gets, raised, logs };
}

describe("POST /api/databricks/run-events", () => {
  it("confirms with runs/get in the run's workspace, then raises RunStateChanged to the watcher", async () => {
    const t = await setup();
    const res = await t.post(JSON.stringify(ended));
    expect(res).toMatchObject({ status: 200, body: { status: "raised", instances: ["tr-abc:train:1"] } });
    expect(t.gets).toEqual(["prod/101"]);
    expect(t.raised).toEqual([
      {
        instanceId: "tr-abc:train:1",
        event: RUN_STATE_CHANGED_EVENT,
        data: { runId: "101", outcome: "succeeded" },
      },
    ]);
  });

  it("raises nothing when runs/get says the run is still running (a forged or early notification)", async () => {
    const t = await setup({ runs: { "prod/101": RUNNING } });
    expect(await t.post(JSON.stringify({ ...ended, event_type: "jobs.on_failure" }))).toMatchObject({
      status: 200,
      body: { status: "ignored", reason: "run not ended" },
    });
    expect(t.gets).toEqual(["prod/101"]);
    expect(t.raised).toEqual([]);
  });

  it("raises nothing when the workspace's run belongs to another job", async () => {
    const t = await setup({ runs: { "prod/101": { ...TERMINATED, job_id: "8" } } });
    expect((await t.post(JSON.stringify({ ...ended, job: undefined }))).body).toMatchObject({
      status: "ignored",
    });
    expect(t.raised).toEqual([]);
  });

  it("maps a task notification to its job run through parent_run_id", async () => {
    const t = await setup();
    const task = { ...ended, task: { task_key: "train" }, run: { run_id: "555", parent_run_id: "101" } };
    expect((await t.post(JSON.stringify(task))).body).toMatchObject({ status: "raised" });
  });

  it("answers 200 ignored for an unknown run, another job or a non-ending event, without runs/get", async () => {
    const t = await setup();
    for (const body of [
      { ...ended, run: { run_id: 999 } },
      { ...ended, job: { job_id: 8 } },
      { ...ended, event_type: "jobs.on_start" },
      { ...ended, event_type: "jobs.on_duration_warning_threshold_exceeded" },
    ])
      expect(await t.post(JSON.stringify(body))).toMatchObject({ status: 200, body: { status: "ignored" } });
    expect(t.gets).toEqual([]);
    expect(t.raised).toEqual([]);
  });

  it.each([
    ["no header", null],
    ["wrong password", basic(AUTH.user, "a-long-random-webhook-password-0123456788")],
    ["wrong user", basic("someone", AUTH.password)],
    ["password only", `Basic ${Buffer.from(AUTH.password).toString("base64")}`],
    ["bearer instead of basic", `Bearer ${AUTH.password}`],
  ])("refuses %s with 401 and a basic challenge, before reading the body", async (_name, authorization) => {
    const t = await setup();
    const res = await t.post("not even json", authorization);
    expect(res.status).toBe(401);
    expect(res.headers).toMatchObject({ "www-authenticate": 'Basic realm="run-events"' });
    expect(t.raised).toEqual([]);
  });

  it("answers 503 while the credentials or the orchestrator lake are not configured", async () => {
    expect((await (await setup({ auth: false })).post(JSON.stringify(ended))).status).toBe(503);
    const noLake = await setup({ lake: false });
    expect((await noLake.post(JSON.stringify(ended))).status).toBe(503);
    expect(noLake.raised).toEqual([]);
  });

  it.each([
    ["not JSON", "{oops"],
    ["a JSON array", "[]"],
    ["no run id", JSON.stringify({ event_type: "jobs.on_success", run: {} })],
    ["a run id that is not a number", JSON.stringify({ ...ended, run: { run_id: "../x" } })],
    ["no event type", JSON.stringify({ run: { run_id: 1 } })],
  ])("answers 400 for %s", async (_name, body) => {
    const t = await setup();
    expect((await t.post(body)).status).toBe(400);
    expect(t.raised).toEqual([]);
  });

  it("answers 502 when runs/get fails, so Databricks may deliver again (polling covers it too)", async () => {
    const t = await setup({
      runs: {
        "prod/101": new DatabricksError({
          errorCode: "TEMPORARILY_UNAVAILABLE",
          status: 503,
          message: "busy",
          requestId: undefined,
          retryable: true,
        }),
      },
    });
    expect((await t.post(JSON.stringify(ended))).status).toBe(502);
    expect(t.raised).toEqual([]);
  });

  it("never writes the password or the authorization header to the logs", async () => {
    const t = await setup();
    await t.post(JSON.stringify(ended));
    await t.post(JSON.stringify(ended), basic(AUTH.user, "wrong-password-wrong-password-wrong"));
    await t.post("{oops");
    const text = JSON.stringify(t.logs);
    expect(t.logs.length).toBeGreaterThan(0);
    for (const secret of [AUTH.password, "wrong-password", "Basic "]) expect(text).not.toContain(secret);
  });
});
