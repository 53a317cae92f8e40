/**
 * Part 2 of `npm run bench:landing`: what watching a 60-minute Databricks job costs in runs/get calls.
 * The real runJob orchestration and activities run on the local durable engine with a virtual clock;
 * time jumps from one durable timer to the next, so an hour takes seconds and the counts do not depend
 * on this machine's speed. With callbacks, the job's end is announced 5 s later through the real
 * run-events handler (basic auth, run index written by SubmitJobRun, runs/get confirmation, raise).
 */
import azfn from "@azure/functions";
import type { Run } from "../../shared/databricks/index.js";
import { implement } from "../../shared/durable/implement.js";
import { createRunEventsHandler } from "../../shared/pipelines/run-job/run-events.handler.js";
import { createRunIndex } from "../../shared/pipelines/run-job/run-index.js";
import { createRunJobActivities } from "../../shared/pipelines/run-job/run-job.activities.js";
import {
  CancelJobRun,
  GetJobRun,
  RUN_JOB_ORCHESTRATION,
  runJobOrchestrator,
  SubmitJobRun,
  type RunJobInput,
} from "../../shared/pipelines/run-job/index.js";
import { createLogger } from "../../shared/runtime/logger.js";
import { memoryFiles } from "../unit/pipelines/run-job/memory-files.js";
import { engineFixture, LibraryRunner, outputOf } from "../integration/durable/library-runner.js";

export interface WatchCost {
  readonly mode: "polling only" | "callbacks";
  /** runs/get calls made by the runJob orchestration (GetJobRun). */
  readonly watcherGets: number;
  /** runs/get calls made by the callback handler to confirm the notification. */
  readonly confirmGets: number;
  /** Virtual seconds from the job's end to the watcher's first runs/get that saw it ended. */
  readonly seenAfterSeconds: number;
  readonly outcome: string;
}

const AUTH = { user: "databricks", password: "bench-webhook-password-000000000000" };
const JOB_MS = 60 * 60_000;
const CALLBACK_DELAY_MS = 5_000;

export async function watchCost(callbacks: boolean): Promise<WatchCost> {
  let startedAt = Number.NaN;
  const counts = { watcher: 0, confirm: 0, seenAt: Number.NaN };
  const now = () => fx.clock.now();
  const runOf = (runId: string): Run =>
    now() >= startedAt + JOB_MS
      ? { run_id: runId, job_id: "7", state: { life_cycle_state: "TERMINATED", result_state: "SUCCESS" } }
      : { run_id: runId, job_id: "7", state: { life_cycle_state: "RUNNING" } };
  const jobs = {
    runNow: () => (
      (startedAt = Number.isNaN(startedAt) ? now() : startedAt),
      Promise.resolve({ run_id: "555" })
    ),
    getRun(runId: string) {
      counts.watcher++;
      const run = runOf(runId);
      if (run.state?.result_state === "SUCCESS" && Number.isNaN(counts.seenAt)) counts.seenAt = now();
      return Promise.resolve(run);
    },
    cancelRun: () => Promise.resolve(),
  };
  const index = createRunIndex(memoryFiles());
  const a = createRunJobActivities({ jobsFor: () => jobs, runIndex: index });
  const fx = engineFixture(
    new LibraryRunner(
      { [RUN_JOB_ORCHESTRATION]: runJobOrchestrator },
      {
        [SubmitJobRun.name]: (i) => implement(SubmitJobRun, a.submitJobRun)(i, undefined as never),
        [GetJobRun.name]: (i) => implement(GetJobRun, a.getJobRun)(i, undefined as never),
        [CancelJobRun.name]: (i) => implement(CancelJobRun, a.cancelJobRun)(i, undefined as never),
      },
    ),
  );
  const handler = createRunEventsHandler({
    auth: () => AUTH,
    runIndex: () => index,
    runsFor: () => ({ getRun: (id) => (counts.confirm++, Promise.resolve(runOf(id))) }),
    logger: () => createLogger({ sink: () => undefined }),
  });
  try {
    const input: RunJobInput = {
      step: "train",
      target: "local",
      jobId: "7",
      jobParameters: {},
      attempt: 1,
      timeoutSeconds: 3 * 3_600,
      pipelineInstanceId: "tr-bench",
      callbacks,
    };
    const id = "tr-bench:train:1";
    const started = fx.engine.operations.start(RUN_JOB_ORCHESTRATION, id, JSON.stringify(input));
    if (!started.ok) throw new Error(started.message);
    const notify = async () => {
      const body = {
        event_type: "jobs.on_success",
        workspace_id: "1",
        run: { run_id: 555 },
        job: { job_id: 7 },
      };
      const authorization = `Basic ${Buffer.from(`${AUTH.user}:${AUTH.password}`).toString("base64")}`;
      const request = new azfn.HttpRequest({
        method: "POST",
        url: "http://127.0.0.1/api/databricks/run-events",
        headers: { authorization },
        body: { string: JSON.stringify(body) },
      });
      const raiser = {
        raise(instanceId: string, event: string, data: unknown) {
          const r = fx.engine.operations.raiseEvent(instanceId, event, JSON.stringify(data));
          return r.ok ? Promise.resolve() : Promise.reject(new Error(r.message));
        },
      };
      const res = await handler(request, new azfn.InvocationContext(), raiser);
      if ((res.jsonBody as { status?: string }).status !== "raised")
        throw new Error(`callback: ${JSON.stringify(res.jsonBody)}`);
    };
    let notified = !callbacks;
    for (let i = 0; i < 100_000 && fx.engine.operations.get(id)?.status !== "Completed"; i++) {
      const due = idleUntil(fx, id);
      if (due === undefined) {
        await new Promise((r) => setTimeout(r, 1));
        continue;
      }
      const callbackAt = startedAt + JOB_MS + CALLBACK_DELAY_MS;
      if (!notified && callbackAt <= due) {
        fx.clock.advance(Math.max(0, callbackAt - now()));
        const raisedBefore = raisedEvents(fx, id);
        await notify();
        notified = true;
        // Let the engine take the event in before time moves on (else the next timer could win).
        for (let w = 0; w < 10_000 && raisedEvents(fx, id) === raisedBefore; w++)
          await new Promise((r) => setTimeout(r, 1));
      } else fx.clock.advance(Math.max(0, due - now()));
      await new Promise((r) => setTimeout(r, 1));
    }
    const output = outputOf(fx, id) as { outcome?: string };
    return {
      mode: callbacks ? "callbacks" : "polling only",
      watcherGets: counts.watcher,
      confirmGets: counts.confirm,
      seenAfterSeconds: (counts.seenAt - (startedAt + JOB_MS)) / 1000,
      outcome: output.outcome ?? "?",
    };
  } finally {
    await fx.close();
  }
}

const raisedEvents = (fx: ReturnType<typeof engineFixture>, id: string) =>
  (fx.engine.operations.history(id) as { EventType: number }[]).filter((e) => e.EventType === 15).length;

/** The earliest timer an idle instance waits for (its episode done, no activity open); else undefined. */
function idleUntil(fx: ReturnType<typeof engineFixture>, id: string): number | undefined {
  type E = {
    EventType: number;
    EventId: number;
    TaskScheduledId?: number;
    TimerId?: number;
    FireAt?: string;
  };
  const history = fx.engine.operations.history(id) as E[];
  if (history.at(-1)?.EventType !== 13) return undefined; // OrchestratorCompleted
  const open = new Set<number>();
  const timers = new Map<number, number>();
  for (const e of history) {
    if (e.EventType === 4) open.add(e.EventId);
    if (e.EventType === 5 || e.EventType === 6) open.delete(e.TaskScheduledId ?? -1);
    if (e.EventType === 10) timers.set(e.EventId, Date.parse(e.FireAt ?? ""));
    if (e.EventType === 11) timers.delete(e.TimerId ?? -1);
  }
  return open.size > 0 || timers.size === 0 ? undefined : Math.min(...timers.values());
}
