import type { OrchestrationContext, Task } from "durable-functions";
import { ActivityError } from "../../durable/activity-error.js";
import { callActivity } from "../../durable/call-activity.js";
import { CancelJobRun, GetJobRun, type JobRunState, type RunRef } from "./run-job.contracts.js";

/**
 * runs/get whose Databricks refusal (run deleted, permission withdrawn) is a value, not an orchestration
 * failure: the watcher then ends with an outcome its parent can show (issue #7, "Bad input"). 429/5xx are
 * still retried by the activity's policy and, once exhausted, fail the orchestration as before.
 */
export function* readRun(
  ctx: OrchestrationContext,
  ref: RunRef,
): Generator<Task, JobRunState | ActivityError, unknown> {
  try {
    return yield* callActivity(ctx, GetJobRun, ref);
  } catch (err) {
    if (err instanceof ActivityError) return err;
    throw err;
  }
}

/** Cancels a run; a refusal is returned (the run may have ended or been deleted meanwhile), never thrown. */
export function* cancelRun(
  ctx: OrchestrationContext,
  ref: RunRef,
): Generator<Task, ActivityError | null, unknown> {
  try {
    yield* callActivity(ctx, CancelJobRun, ref);
    return null;
  } catch (err) {
    if (err instanceof ActivityError) return err;
    throw err;
  }
}
