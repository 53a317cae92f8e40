import type { OrchestrationContext, Task } from "durable-functions";
import { callActivity } from "../../durable/call-activity.js";
import {
  DEPLOY_COMMIT,
  type DeployCommitInput,
  type DeployCommitOutput,
} from "../deploy-on-push/deploy-commit.contracts.js";
import { RUN_JOB_ORCHESTRATION, type RunJobInput, type RunJobResult } from "../run-job/run-job.contracts.js";
import { ResolveBundleJob } from "./apply.contracts.js";
import type { PreflightOutcome, PromotionInput } from "./promotion.contracts.js";

export type Ready = Extract<PreflightOutcome, { kind: "ready" }>;

/** A step that changed (or may have changed) the target failed: the saga compensates. */
export class StepFailed extends Error {}

/**
 * Deploys the bundle at `commit` to the promotion's target through the push-deploy `DeployCommit`
 * sub-orchestration, so it queues behind the same (repository, bundle, target) lease as pushes and is
 * never skipped as superseded (`coalesce: false`). The child id gets a fresh guid: the promotion's own id
 * is reused by the next promotion of the model, and a compensating redeploy is a second child.
 */
export function* deployCommit(
  ctx: OrchestrationContext,
  input: PromotionInput,
  ready: Ready,
  commit: string,
  reason: "promotion" | "rollback",
  key: string = ctx.df.newGuid(ctx.df.instanceId),
): Generator<Task, void, unknown> {
  const data: DeployCommitInput = {
    repository: ready.repository,
    sha: commit,
    bundle: input.bundle,
    target: input.to,
    requestedBy: input.requester.id,
    reason,
    coalesce: false,
    deliveryId: `promotion:${key}`,
  };
  const id = deployChildId(ctx, input, key);
  const outcome = (yield ctx.df.callSubOrchestrator(DEPLOY_COMMIT, data, id)) as DeployCommitOutput;
  if (outcome.kind === "deployed") return;
  if (outcome.kind === "superseded") throw new StepFailed(`deploy of ${commit} was superseded`);
  throw new StepFailed(`deploy of ${commit} ${outcome.kind}: ${outcome.message}`);
}

/** The DeployCommit child's instance id; also the correlation id of its GitHub check and deployment. */
export function deployChildId(ctx: OrchestrationContext, input: PromotionInput, key: string): string {
  return `${ctx.df.instanceId}:deploy:${input.bundle}:${input.to}:${key}`;
}

/**
 * Runs the sidecar's smoke job on the target through the `runJob` sub-orchestration (run-now with an
 * idempotency token per promotion record, watched on durable timers). Anything but success fails the step.
 */
export function* runSmoke(
  ctx: OrchestrationContext,
  input: PromotionInput,
  smoke: NonNullable<Ready["smoke"]>,
): Generator<Task, void, unknown> {
  const { jobId } = yield* callActivity(ctx, ResolveBundleJob, {
    bundle: input.bundle,
    target: input.to,
    job: smoke.job,
  });
  const data: RunJobInput = {
    step: "smoke",
    target: input.to,
    jobId,
    jobParameters: {},
    attempt: 1,
    timeoutSeconds: smoke.timeoutSeconds,
    // Unique per promotion (the instance id is reused), so a later promotion gets a new run.
    pipelineInstanceId: input.recordId,
  };
  const id = `${ctx.df.instanceId}:smoke:${ctx.df.newGuid(ctx.df.instanceId)}`;
  const result = (yield ctx.df.callSubOrchestrator(RUN_JOB_ORCHESTRATION, data, id)) as RunJobResult;
  if (result.kind === "notStarted") throw new StepFailed(`smoke job not started: ${result.message}`);
  if (result.outcome !== "succeeded") {
    const detail = result.stateMessage === null ? "" : `: ${result.stateMessage}`;
    throw new StepFailed(`smoke run ${result.runId} ${result.outcome}${detail}`);
  }
}
