import type { OrchestrationContext, Task } from "durable-functions";
import { callActivity } from "../../durable/call-activity.js";
import { CancelJobRun, GetJobRun } from "../run-job/run-job.contracts.js";
import { FindModelCopy, SubmitModelCopy, type CopyRef } from "./copy.contracts.js";
import { StepFailed, type Ready } from "./apply-steps.orchestrator.js";
import type { PromotionInput } from "./promotion.contracts.js";

/** Polls of the copy run: 5 s, doubling, at most a minute apart; canceled after half an hour. */
export const COPY_POLL = { firstSeconds: 5, maxSeconds: 60, timeoutSeconds: 1_800 } as const;

/**
 * Copies the promoted version into the target's model and returns the copy's version number. A copy
 * made before (an earlier attempt of this promotion, or another promotion of the same version) is
 * found by its marker and reused; otherwise a one-time run in the target's workspace makes it with
 * MLflow's `copy_model_version` (the only way a real Unity Catalog accepts a new version), watched on
 * durable timers, and the copy is then read back by its marker.
 */
export function* copyVersion(
  ctx: OrchestrationContext,
  input: PromotionInput,
  ready: Ready,
): Generator<Task, string, unknown> {
  const ref: CopyRef = {
    target: input.to,
    model: ready.targetModel,
    marker: `${ready.sourceModel}/${ready.version}`,
  };
  const before = yield* callActivity(ctx, FindModelCopy, ref);
  if (before.version !== null) return before.version;

  const { runId } = yield* callActivity(ctx, SubmitModelCopy, {
    from: { target: input.from, model: ready.sourceModel, version: ready.version },
    to: { target: input.to, model: ready.targetModel },
    recordId: input.recordId,
  });
  yield* watchCopyRun(ctx, input.to, runId);

  const after = yield* callActivity(ctx, FindModelCopy, ref);
  if (after.version === null) {
    throw new StepFailed(`copy run ${runId} succeeded but ${ref.model} has no copy of ${ref.marker}`);
  }
  return after.version;
}

/** Waits for the run to end; anything but success (or the timeout, which cancels it) fails the step. */
function* watchCopyRun(
  ctx: OrchestrationContext,
  target: string,
  runId: string,
): Generator<Task, void, unknown> {
  const deadline = ctx.df.currentUtcDateTime.getTime() + COPY_POLL.timeoutSeconds * 1_000;
  let delay: number = COPY_POLL.firstSeconds;
  for (;;) {
    const run = yield* callActivity(ctx, GetJobRun, { target, runId });
    if (run.outcome === "succeeded") return;
    if (run.outcome !== "running") {
      const detail = run.stateMessage === null || run.stateMessage === "" ? "" : `: ${run.stateMessage}`;
      throw new StepFailed(`copy run ${runId} ${run.outcome}${detail}`);
    }
    const now = ctx.df.currentUtcDateTime.getTime();
    if (now >= deadline) {
      yield* callActivity(ctx, CancelJobRun, { target, runId });
      throw new StepFailed(`copy run ${runId} did not finish within ${COPY_POLL.timeoutSeconds} s; canceled`);
    }
    yield ctx.df.createTimer(new Date(Math.min(now + delay * 1_000, deadline)));
    delay = Math.min(delay * 2, COPY_POLL.maxSeconds);
  }
}
