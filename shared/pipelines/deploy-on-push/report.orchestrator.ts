import type { Task } from "durable-functions";
import { callActivity, type ActivityScheduler } from "../../durable/call-activity.js";
import type { DeployRequest } from "../../github/deploy-request.js";
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

/** A failed `deploy/<target>/<bundle>` check on the pushed commit for something refused before deploying. */
export function* reportPushFailure(
  ctx: ActivityScheduler & { readonly df: { readonly instanceId: string } },
  request: DeployRequest,
  failure: { readonly bundle: string; readonly message: string; readonly why: string },
): Generator<Task, ReportDeployOutput, unknown> {
  return yield* reportDeploy(ctx, {
    repository: request.repository.fullName,
    ...(request.installationId === undefined ? {} : { installationId: request.installationId }),
    sha: request.sha,
    target: request.target,
    bundle: failure.bundle,
    phase: "failure",
    message: failure.message,
    correlationId: `${ctx.df.instanceId}:${failure.why}:${failure.bundle}`,
  });
}
