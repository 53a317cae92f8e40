import type { Task } from "durable-functions";
import { callActivity, type ActivityScheduler } from "../../durable/call-activity.js";
import { ReportDeploy, type ReportDeployInput, type ReportDeployOutput } from "./report.contracts.js";

/**
 * Reports a deploy phase from an orchestrator: `yield* reportDeploy(ctx, { ...phase })`. Whatever
 * happens to the report (GitHub down, the activity exhausting its retries), the caller gets a result
 * and carries on: reporting never fails a deploy (issue #6, part 4).
 */
export function* reportDeploy(
  ctx: ActivityScheduler,
  input: ReportDeployInput,
): Generator<Task, ReportDeployOutput, unknown> {
  try {
    return yield* callActivity(ctx, ReportDeploy, input);
  } catch (err) {
    // Only the activity's own failure lands here (its body never throws for GitHub); its message is ours.
    return { reported: false, detail: err instanceof Error ? err.message.slice(0, 300) : "report failed" };
  }
}
