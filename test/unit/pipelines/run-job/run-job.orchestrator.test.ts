import { describe, expect, it } from "vitest";
import { runIdempotencyToken } from "../../../../shared/pipelines/run-job/idempotency.js";
import {
  POLLS_PER_EXECUTION,
  runJobOrchestrator,
  type RunJobInput,
} from "../../../../shared/pipelines/run-job/index.js";
import { runOrchestration, type ScriptedEvent } from "../../../harness/orchestration.js";
import {
  databricksError,
  FakeJobs,
  running,
  runJobActivities,
  terminated,
  type RunState,
} from "./fake-jobs.js";

const input: RunJobInput = {
  step: "train",
  target: "dev",
  jobId: "7",
  jobParameters: {
    input_paths: "abfss://landing@stchurndev.dfs.core.windows.net/churn/customers/date=2026-11-25",
  },
  attempt: 1,
  timeoutSeconds: 7_200,
  pipelineInstanceId: "tr-abc",
};

function run(jobs: FakeJobs, overrides: Partial<RunJobInput> = {}, events: ScriptedEvent[] = []) {
  return runOrchestration(runJobOrchestrator, {
    input: { ...input, ...overrides },
    activities: runJobActivities(jobs),
    events,
    instanceId: "tr-abc:train:1",
  });
}

const pollTimes = (steps: readonly { kind: string; fireAt?: string }[]) =>
  steps.filter((s) => s.kind === "timer").map((s) => s.fireAt?.slice(11, 19));

describe("runJob", () => {
  it.each<[string, RunState, string | null]>([
    ["succeeded", terminated("SUCCESS"), ""],
    [
      "failed",
      terminated("FAILED", "ERROR: partition is missing column tenure_months"),
      "ERROR: partition is missing column tenure_months",
    ],
    ["timedOut", terminated("TIMEDOUT"), ""],
    ["canceled", terminated("CANCELED"), ""],
    ["skipped", { state: { life_cycle_state: "SKIPPED" } }, null],
    [
      "internalError",
      { state: { life_cycle_state: "INTERNAL_ERROR", state_message: "cluster lost" } },
      "cluster lost",
    ],
  ])(
    "waits through queued, blocked and retrying states and reports %s",
    async (outcome, end, stateMessage) => {
      const waiting = ["QUEUED", "BLOCKED", "WAITING_FOR_RETRY", "PENDING", "RUNNING", "TERMINATING"];
      const jobs = new FakeJobs([...waiting.map((s) => ({ state: { life_cycle_state: s } })), end]);
      const result = await run(jobs);
      expect(result.output).toEqual({
        kind: "run",
        outcome,
        runId: "101",
        runPageUrl: "https://adb-1.azuredatabricks.net/#job/7/run/101",
        stateMessage,
        polls: 7,
        stepTimedOut: false,
      });
      expect(jobs.cancels).toEqual([]);
    },
  );

  it("runs the job with its parameters and a token from (instance, step, attempt)", async () => {
    const jobs = new FakeJobs([terminated("SUCCESS")]);
    await run(jobs);
    expect(jobs.runNowRequests).toEqual([
      {
        job_id: "7",
        job_parameters: input.jobParameters,
        idempotency_token: runIdempotencyToken("tr-abc", "train", 1),
      },
    ]);
    const token = runIdempotencyToken("tr-abc", "train", 1);
    expect(token).toHaveLength(64);
    expect(runIdempotencyToken("tr-abc", "train", 2)).not.toBe(token);
    expect(runIdempotencyToken("tr-abc", "evaluate", 1)).not.toBe(token);
  });

  it("retries run-now on 429/503 with the same token, so at most one run starts", async () => {
    const jobs = new FakeJobs(
      [terminated("SUCCESS")],
      [
        databricksError("TOO_MANY_REQUESTS", 429, true),
        databricksError("TEMPORARILY_UNAVAILABLE", 503, true),
      ],
    );
    const result = await run(jobs);
    expect(result.output).toMatchObject({ kind: "run", outcome: "succeeded" });
    expect(new Set(jobs.runNowRequests.map((r) => r.idempotency_token)).size).toBe(1);
    expect(jobs.runNowRequests).toHaveLength(3);
  });

  it("reports a job Databricks does not know as not started, with the error code, without retrying", async () => {
    const jobs = new FakeJobs([], [databricksError("RESOURCE_DOES_NOT_EXIST", 404, false)]);
    const result = await run(jobs);
    expect(result.output).toEqual({
      kind: "notStarted",
      code: "DATABRICKS_RESOURCE_DOES_NOT_EXIST",
      message:
        "Databricks refused run-now of job 7: RESOURCE_DOES_NOT_EXIST RESOURCE_DOES_NOT_EXIST from the fake",
    });
    expect(jobs.runNowRequests).toHaveLength(1);
  });

  it("backs off from 10 s to a 5 min cap", async () => {
    const jobs = new FakeJobs([...Array<typeof running>(9).fill(running), terminated("SUCCESS")]);
    const result = await run(jobs);
    // Polls at +10, +30, +70, +150, +310, +610, +910, ...: delays 10, 20, 40, 80, 160, 300, 300.
    expect(pollTimes(result.steps)).toEqual([
      "00:00:10",
      "00:00:30",
      "00:01:10",
      "00:02:30",
      "00:05:10",
      "00:10:10",
      "00:15:10",
      "00:20:10",
      "00:25:10",
      "00:30:10",
    ]);
  });

  it("polls at once when RunStateChanged arrives (a completion callback) instead of at the timer", async () => {
    const jobs = new FakeJobs([running, running, terminated("SUCCESS")]);
    const result = await run(jobs, {}, [{ name: "RunStateChanged", afterMs: 45_000 }]);
    // Timers at 10 s and 30 s; the third (due 70 s) loses to the event at 45 s and is canceled.
    expect(result.finishedAt).toBe("2026-01-01T00:00:45.000Z");
    expect(result.pendingTimers).toEqual([]);
  });

  it("cancels the run when the step times out", async () => {
    const jobs = new FakeJobs([running]);
    const result = await run(jobs, { timeoutSeconds: 120 });
    expect(result.output).toMatchObject({ kind: "run", outcome: "timedOut", stepTimedOut: true, polls: 4 });
    expect(jobs.cancels).toEqual(["101"]);
    // The last timer is clipped to the deadline (10, 30, 70, then 120 instead of 150).
    expect(pollTimes(result.steps).at(-1)).toBe("00:02:00");
    expect(result.finishedAt).toBe("2026-01-01T00:02:00.000Z");
  });

  it("continues as new every few polls, carrying the watch, so a 24 h job keeps a short history", async () => {
    const polls = 24 * 12 + 5; // about one poll every 5 min for a day
    const jobs = new FakeJobs([...Array<typeof running>(polls - 1).fill(running), terminated("SUCCESS")]);
    const result = await run(jobs, { timeoutSeconds: 2 * 86_400 });
    expect(result.output).toMatchObject({ kind: "run", outcome: "succeeded", polls });
    expect(jobs.runNowRequests).toHaveLength(1);
    const executions: number[] = [0];
    for (const step of result.steps) {
      if (step.kind === "continueAsNew") executions.push(0);
      else executions[executions.length - 1]! += 1;
    }
    expect(executions.length).toBe(Math.ceil(polls / POLLS_PER_EXECUTION));
    // Per execution: one timer and one runs/get per poll, one event wait, and run-now in the first.
    expect(Math.max(...executions)).toBeLessThanOrEqual(2 * POLLS_PER_EXECUTION + 2);
    const carried = result.steps.find((s) => s.kind === "continueAsNew");
    expect(carried).toMatchObject({
      input: { watch: { runId: "101", polls: POLLS_PER_EXECUTION, delaySeconds: 300 } },
    });
  });
});
