import type { OrchestrationContext, Task } from "durable-functions";
import type { DeployCommitInput, PlanCounts } from "./deploy-commit.contracts.js";
import type { ReportDeployInput } from "./report.contracts.js";
import { reportDeploy } from "./report.orchestrator.js";

/** One phase of a DeployCommit as the reporting contract (wiring-contracts.md, ReportDeploy) takes it. */
export interface PhaseReport {
  readonly phase: "queued" | "in_progress" | "success" | "failure" | "skipped";
  readonly plan?: PlanCounts;
  readonly message?: string;
  readonly url?: string;
  readonly annotations?: readonly { path: string; line: number; message: string }[];
}

/**
 * The ReportDeploy input of one phase: the check run `deploy/<target>/<bundle>` and the deployment of
 * `sha`. The correlation id is the DeployCommit instance, so a replayed report finds what it created.
 */
export function reportInput(
  ctx: OrchestrationContext,
  input: DeployCommitInput,
  phase: PhaseReport,
): ReportDeployInput {
  return {
    repository: input.repository,
    ...(input.installationId === undefined ? {} : { installationId: input.installationId }),
    sha: input.sha,
    target: input.target,
    bundle: input.bundle,
    phase: phase.phase,
    ...(phase.url === undefined ? {} : { environmentUrl: phase.url }),
    ...(phase.plan === undefined ? {} : { plan: phase.plan }),
    ...(phase.message === undefined ? {} : { message: phase.message }),
    ...(phase.annotations === undefined || phase.annotations.length === 0
      ? {}
      : { annotations: [...phase.annotations] }),
    correlationId: ctx.df.instanceId,
  };
}

/**
 * Reports one phase through the reporting helper's ReportDeploy (check run `deploy/<target>/<bundle>`,
 * the target's Deployment); it never throws, so a deploy never fails or waits on GitHub.
 */
export function* report(
  ctx: OrchestrationContext,
  input: DeployCommitInput,
  phase: PhaseReport,
): Generator<Task, void, unknown> {
  yield* reportDeploy(ctx, reportInput(ctx, input, phase));
}
