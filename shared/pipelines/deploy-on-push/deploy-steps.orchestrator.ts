import type { OrchestrationContext, Task } from "durable-functions";
import {
  DEPLOY_BUNDLE,
  type DeployBundleRequest,
} from "../../bundles/deploy/durable/deploy-bundle.contracts.js";
import type { DeployBundleResult } from "../../bundles/deploy/durable/deploy-bundle.orchestrator.js";
import type { DeployBundleInput, DeployBundleOutcome } from "./deploy.contracts.js";

/** The child's instance id: one per DeployCommit instance, so a replayed parent finds its own child. */
export const deployStepsInstanceId = (parent: string): string => `${parent}:bundle`;

/**
 * The deploy as the `DeployBundleSteps` sub-orchestration (ADR 0022, decision 2 as revised): one
 * activity per step, the lock released in its `finally`. The snapshot travels by reference; the commit
 * goes into bundle.git as the one-activity path put it (the tarball has no .git).
 */
export function* deploySteps(
  ctx: OrchestrationContext,
  deploy: DeployBundleInput,
): Generator<Task, DeployBundleOutcome, unknown> {
  const request: DeployBundleRequest = {
    source: { snapshot: deploy.snapshot, root: deploy.root },
    target: deploy.target,
    git: { commit: deploy.sha, originUrl: `https://github.com/${deploy.repository}.git` },
  };
  const id = deployStepsInstanceId(ctx.df.instanceId);
  const result = (yield ctx.df.callSubOrchestrator(DEPLOY_BUNDLE, request, id)) as DeployBundleResult;
  if (result.kind === "invalid") return { kind: "invalid", message: result.errors.join("; ") };
  const { add, change, delete: del } = result.counts;
  return { kind: "deployed", counts: { add, change, delete: del } };
}
