import type { OrchestrationContext, Task } from "durable-functions";
import { ActivityError } from "../../durable/activity-error.js";
import { callActivity } from "../../durable/call-activity.js";
import { orchestrationLogger } from "../../durable/orchestration-logger.js";
import { ABANDONED_STATUSES, GetOrchestrationStatus } from "./parent-watch.contracts.js";
import { FIRST_POLL_SECONDS, nextPollDelay, POLLS_PER_EXECUTION } from "./backoff.js";
import { cancelRun, readRun } from "./refusable.orchestrator.js";
import {
  RUN_STATE_CHANGED_EVENT,
  SubmitJobRun,
  type RunJobInput,
  type RunJobResult,
  type RunWatch,
  type TerminalOutcome,
} from "./run-job.contracts.js";

const iso = (ms: number) => new Date(ms).toISOString();

type Ended = Extract<RunJobResult, { kind: "run" }>;
const ended = (
  runId: string,
  runPageUrl: string | null,
  polls: number,
  outcome: TerminalOutcome,
  stateMessage: string | null,
): Ended => ({ kind: "run", outcome, runId, runPageUrl, stateMessage, polls, stepTimedOut: false });
/** A cancel Databricks refused is recorded on the result; the outcome stays what the watcher decided. */
const refusedCancel = (refusal: ActivityError | null): Partial<Ended> =>
  refusal === null ? {} : { refused: { action: "cancel", code: refusal.code } };

/**
 * Runs one bundle job to its end as a sub-orchestration: run-now (idempotent per pipeline, step and
 * attempt), then a watch loop on durable timers backing off from 10 s to 5 min, woken early by a
 * `RunStateChanged` event. Past the step timeout the run is canceled. Every POLLS_PER_EXECUTION polls it
 * continues as new with the watch state, so the history stays bounded however long the job runs; a
 * wake-up event lost at that moment only costs one timer interval.
 */
export function* runJobOrchestrator(
  ctx: OrchestrationContext,
): Generator<Task, RunJobResult | undefined, unknown> {
  const input = ctx.df.getInput<RunJobInput>();
  const log = orchestrationLogger(ctx, { step: input.step, target: input.target, jobId: input.jobId });
  const nowMs = () => ctx.df.currentUtcDateTime.getTime();
  let watch: RunWatch;
  if (input.watch !== undefined) watch = input.watch;
  else {
    ctx.df.setCustomStatus({ step: input.step, state: "submitting" });
    let runId: string;
    try {
      ({ runId } = yield* callActivity(ctx, SubmitJobRun, {
        target: input.target,
        jobId: input.jobId,
        jobParameters: input.jobParameters,
        pipelineInstanceId: input.pipelineInstanceId,
        step: input.step,
        attempt: input.attempt,
        watcherInstanceId: ctx.df.instanceId,
      }));
    } catch (err) {
      if (err instanceof ActivityError) return { kind: "notStarted", code: err.code, message: err.message };
      throw err;
    }
    const start = nowMs();
    const deadline = iso(start + input.timeoutSeconds * 1000);
    watch = {
      runId,
      runPageUrl: null,
      startedAt: iso(start),
      deadline,
      delaySeconds: FIRST_POLL_SECONDS,
      polls: 0,
    };
    log.info("run started", { runId });
  }

  let wake: Task | undefined; // re-used while pending, like the landing debounce's waiter
  for (let pollsHere = 0; ; pollsHere++) {
    if (pollsHere >= POLLS_PER_EXECUTION) {
      ctx.df.continueAsNew({ ...input, watch });
      return undefined;
    }
    const deadlineMs = Date.parse(watch.deadline);
    wake ??= ctx.df.waitForExternalEvent(RUN_STATE_CHANGED_EVENT);
    if (!wake.isCompleted) {
      const timer = ctx.df.createTimer(new Date(Math.min(nowMs() + watch.delaySeconds * 1000, deadlineMs)));
      if ((yield ctx.df.Task.any([wake, timer])) === wake) timer.cancel();
    }
    if (wake.isCompleted) wake = undefined;
    const run = yield* readRun(ctx, { target: input.target, runId: watch.runId });
    if (run instanceof ActivityError) {
      log.warn("run can no longer be read", { runId: watch.runId, code: run.code });
      const { runId, runPageUrl, polls } = watch;
      const refused = { action: "get" as const, code: run.code };
      return { ...ended(runId, runPageUrl, polls, "internalError", run.message), refused };
    }
    watch = {
      ...watch,
      polls: watch.polls + 1,
      runPageUrl: run.runPageUrl ?? watch.runPageUrl,
      delaySeconds: nextPollDelay(watch.delaySeconds, input.callbacks === true),
    };
    ctx.df.setCustomStatus({
      step: input.step,
      runId: watch.runId,
      runPageUrl: watch.runPageUrl,
      state: run.lifeCycleState,
      polls: watch.polls,
    });
    const { runId, runPageUrl, polls } = watch;
    if (run.outcome !== "running") {
      log.info("run ended", { runId, outcome: run.outcome });
      return ended(runId, runPageUrl, polls, run.outcome, run.stateMessage);
    }
    if (input.watchParent === true) {
      const parent = yield* callActivity(ctx, GetOrchestrationStatus, {
        instanceId: input.pipelineInstanceId,
      });
      if (parent.runtimeStatus !== null && ABANDONED_STATUSES.has(parent.runtimeStatus)) {
        log.warn("pipeline ended; canceling the run", { runId, parent: parent.runtimeStatus });
        const refusal = yield* cancelRun(ctx, { target: input.target, runId });
        const stateMessage = `canceled: pipeline ${input.pipelineInstanceId} is ${parent.runtimeStatus}`;
        return { ...ended(runId, runPageUrl, polls, "canceled", stateMessage), ...refusedCancel(refusal) };
      }
    }
    if (nowMs() >= deadlineMs) {
      log.warn("step timed out; canceling the run", { runId });
      const refusal = yield* cancelRun(ctx, { target: input.target, runId });
      const result = ended(runId, runPageUrl, polls, "timedOut", run.stateMessage);
      return { ...result, stepTimedOut: true, ...refusedCancel(refusal) };
    }
  }
}
