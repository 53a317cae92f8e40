import { afterEach, describe, expect, it } from "vitest";
import type { Run, RunNowRequest } from "../../../shared/databricks/index.js";
import { implement } from "../../../shared/durable/implement.js";
import { createRunJobActivities } from "../../../shared/pipelines/run-job/run-job.activities.js";
import {
  CancelJobRun,
  GetJobRun,
  RUN_JOB_ORCHESTRATION,
  RUN_STATE_CHANGED_EVENT,
  runJobOrchestrator,
  SubmitJobRun,
  POLLS_PER_EXECUTION,
  type RunJobInput,
  type RunJobResult,
} from "../../../shared/pipelines/run-job/index.js";
import {
  engineFixture,
  LibraryRunner,
  outputOf,
  startInstance,
  type EngineFixture,
} from "../durable/library-runner.js";

/**
 * runJob on the local durable engine with a virtual clock: what watching a long job costs in runs/get
 * calls, how fast a completion callback is seen, and that continueAsNew keeps the stored history short.
 */
let fx: EngineFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

/** A job that runs for `durationMs` of virtual time from run-now, then succeeds. */
function timedJob(durationMs: number, now: () => number) {
  let startedAt = Number.NaN;
  const calls = { runNow: 0, getRun: 0, seenAt: Number.NaN };
  const api = {
    runNow(_r: RunNowRequest) {
      calls.runNow++;
      if (Number.isNaN(startedAt)) startedAt = now();
      return Promise.resolve({ run_id: "555" });
    },
    getRun(runId: string): Promise<Run> {
      calls.getRun++;
      const done = now() >= startedAt + durationMs;
      if (done && Number.isNaN(calls.seenAt)) calls.seenAt = now();
      const state = done
        ? { life_cycle_state: "TERMINATED", result_state: "SUCCESS" }
        : { life_cycle_state: "RUNNING" };
      return Promise.resolve({ run_id: runId, state });
    },
    cancelRun: () => Promise.resolve(),
  };
  return { api, calls, endsAt: () => startedAt + durationMs };
}

function start(durationMs: number) {
  const job = timedJob(durationMs, () => fx!.clock.now());
  const a = createRunJobActivities({ jobsFor: () => job.api });
  fx = engineFixture(
    new LibraryRunner(
      { [RUN_JOB_ORCHESTRATION]: runJobOrchestrator },
      {
        [SubmitJobRun.name]: (i) => implement(SubmitJobRun, a.submitJobRun)(i, undefined as never),
        [GetJobRun.name]: (i) => implement(GetJobRun, a.getJobRun)(i, undefined as never),
        [CancelJobRun.name]: (i) => implement(CancelJobRun, a.cancelJobRun)(i, undefined as never),
      },
    ),
  );
  const input: RunJobInput = {
    step: "train",
    target: "local",
    jobId: "7",
    jobParameters: {},
    attempt: 1,
    timeoutSeconds: 3 * 86_400,
    pipelineInstanceId: "tr-engine",
  };
  const id = startInstance(fx, RUN_JOB_ORCHESTRATION, input, "tr-engine-train-1");
  return { id, job };
}

/**
 * When the instance is idle (its last episode finished and no activity is open), the earliest timer it
 * waits for; undefined while it is still working. Lets the test move virtual time only between episodes,
 * so results do not depend on how fast this machine runs the engine.
 */
function idleUntil(id: string): number | undefined {
  const history = fx!.engine.operations.history(id) as {
    EventType: number;
    EventId: number;
    TaskScheduledId?: number;
    TimerId?: number;
    FireAt?: string;
  }[];
  if (history.at(-1)?.EventType !== 13) return undefined; // OrchestratorCompleted
  const activities = new Set<number>();
  const timers = new Map<number, number>();
  for (const e of history) {
    if (e.EventType === 4) activities.add(e.EventId);
    if (e.EventType === 5 || e.EventType === 6) activities.delete(e.TaskScheduledId ?? -1);
    if (e.EventType === 10) timers.set(e.EventId, Date.parse(e.FireAt ?? ""));
    if (e.EventType === 11) timers.delete(e.TimerId ?? -1);
  }
  if (activities.size > 0 || timers.size === 0) return undefined;
  return Math.min(...timers.values());
}

/** Runs the instance to completion, jumping virtual time to its next timer (or to `stopAt`, if sooner). */
async function runToEnd(
  id: string,
  stopAt: () => number = () => Infinity,
  onStop: () => void = () => undefined,
  onIdle: () => void = () => undefined,
) {
  for (let i = 0; i < 100_000; i++) {
    if (fx!.engine.operations.get(id)?.status === "Completed") return;
    const due = idleUntil(id);
    if (due === undefined) {
      await new Promise((r) => setTimeout(r, 1));
      continue;
    }
    onIdle();
    const now = fx!.clock.now();
    if (stopAt() > now && stopAt() < due) {
      fx!.clock.advance(stopAt() - now);
      onStop();
    } else fx!.clock.advance(Math.max(0, due - now));
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error(`instance ${id} did not complete`);
}

// Each poll is a few engine passes; on a busy shared machine a watch of hours takes tens of seconds.
describe("runJob on the local durable engine", { timeout: 180_000 }, () => {
  it("watches a 60-minute job with at most 20 runs/get calls and sees its end within the 5 min cap", async () => {
    const { id, job } = start(60 * 60_000);
    await runToEnd(id);
    expect(outputOf(fx!, id)).toMatchObject({
      kind: "run",
      outcome: "succeeded",
      runId: "555",
    } satisfies Partial<RunJobResult>);
    expect(job.calls.runNow).toBe(1);
    expect(job.calls.getRun).toBeLessThanOrEqual(20);
    expect(job.calls.seenAt - job.endsAt()).toBeLessThanOrEqual(300_000);
  });

  it("sees the end within seconds when a completion callback raises RunStateChanged", async () => {
    const { id, job } = start(60 * 60_000);
    let raised = false;
    await runToEnd(
      id,
      () => (raised ? Infinity : job.endsAt()),
      () => (raised = fx!.engine.operations.raiseEvent(id, RUN_STATE_CHANGED_EVENT, "null").ok),
    );
    expect(raised).toBe(true);
    expect(job.calls.seenAt - job.endsAt()).toBeLessThanOrEqual(30_000);
  });

  // The harness test runs the full 24 h schedule; here a 3 h job is enough to roll over on the real engine.
  it("continues as new on the real engine, keeping each execution's stored history short", async () => {
    const { id, job } = start(3 * 3_600_000);
    let longest = 0;
    const watchHistory = () => (longest = Math.max(longest, fx!.engine.operations.history(id).length));
    await runToEnd(id, undefined, undefined, watchHistory);
    expect(outputOf(fx!, id)).toMatchObject({ kind: "run", outcome: "succeeded" });
    expect(job.calls.runNow).toBe(1);
    expect(job.calls.getRun).toBeGreaterThan(POLLS_PER_EXECUTION);
    expect(outputOf(fx!, id)).toMatchObject({ polls: job.calls.getRun });
    expect(longest).toBeGreaterThan(50);
    expect(longest).toBeLessThanOrEqual(300);
  });
});
