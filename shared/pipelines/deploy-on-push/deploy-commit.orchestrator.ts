import type { OrchestrationContext, Task } from "durable-functions";
import { callActivity } from "../../durable/call-activity.js";
import { orchestrationLogger } from "../../durable/orchestration-logger.js";
import {
  PlanBundleDeploy,
  PrepareCommit,
  type DeployCommitInput,
  type DeployCommitOutput,
} from "./deploy-commit.contracts.js";
import { report } from "./deploy-commit-report.orchestrator.js";
import { DeployBundle, ReleaseDeployLease, RenewDeployLease, type LeaseKey } from "./deploy.contracts.js";
import type { Ticket } from "./lease.js";
import { awaitLease } from "./lease-wait.orchestrator.js";
import { deploySteps } from "./deploy-steps.orchestrator.js";

/**
 * How long a push holds the lease before deploying, counted from its delivery: pushes in quick
 * succession queue behind it meanwhile, and it steps aside for the newest (ADR 0022).
 */
export const PUSH_SETTLE_MS = 5_000;

/** The steps under the lease: settle (pushes), renew, snapshot, plan (reported as in_progress), deploy. */
function* deployUnderLease(
  ctx: OrchestrationContext,
  input: DeployCommitInput,
  key: LeaseKey,
  environment: { url?: string },
): Generator<Task, DeployCommitOutput, unknown> {
  if (input.coalesce) {
    const received = Date.parse(input.receivedAt ?? ctx.df.currentUtcDateTime.toISOString());
    const settleAt = received + PUSH_SETTLE_MS;
    if (settleAt > ctx.df.currentUtcDateTime.getTime()) {
      ctx.df.setCustomStatus({ step: "settle", bundle: input.bundle, target: input.target });
      yield ctx.df.createTimer(new Date(settleAt));
    }
  }
  const lease = yield* callActivity(ctx, RenewDeployLease, { key, instanceId: ctx.df.instanceId });
  if (!lease.renewed)
    return { kind: "failed", message: "the deploy lease ran out before the deploy started" };
  // Nothing deployed yet and a newer commit is queued: the release in the caller hands it the lease.
  if (input.coalesce && lease.newerWaiting === true) return { kind: "superseded" };
  ctx.df.setCustomStatus({ step: "prepare", bundle: input.bundle, target: input.target });
  const source = yield* callActivity(ctx, PrepareCommit, {
    repository: input.repository,
    sha: input.sha,
    bundle: input.bundle,
    target: input.target,
    ...(input.installationId === undefined ? {} : { installationId: input.installationId }),
    ...(input.bundlesDir === undefined ? {} : { bundlesDir: input.bundlesDir }),
  });
  if (source.kind === "invalid") return source;
  if (source.workspaceUrl !== undefined) environment.url = source.workspaceUrl;
  const deploy = {
    repository: input.repository,
    sha: input.sha,
    target: input.target,
    bundle: input.bundle,
    root: source.root,
    snapshot: source.snapshot,
    deliveryId: input.deliveryId,
  };
  ctx.df.setCustomStatus({ step: "plan", bundle: input.bundle, target: input.target });
  const plan = yield* callActivity(ctx, PlanBundleDeploy, deploy);
  if (plan.kind === "invalid") return plan;
  yield* report(ctx, input, { phase: "in_progress", plan: plan.counts, ...environment });
  ctx.df.setCustomStatus({ step: "deploy", bundle: input.bundle, target: input.target, plan: plan.counts });
  // Instances whose PrepareCommit ran before the steps existed replay their recorded DeployBundle call.
  if (source.engine === "steps") return yield* deploySteps(ctx, deploy);
  return yield* callActivity(ctx, DeployBundle, deploy);
}

/**
 * `DeployCommit`: one commit of one bundle to one target, serialised per (repository, bundle, target).
 * queued → lease (coalescing pushes: the newest commit wins, older ones end `superseded`) → prepare →
 * plan → deploy → release in `finally` → final report. Failures are data, so the lease is released and
 * the next request runs; a terminated instance leaves the lease to its TTL (ADR 0017).
 */
export function* deployCommitOrchestrator(
  ctx: OrchestrationContext,
): Generator<Task, DeployCommitOutput, unknown> {
  const input = ctx.df.getInput<DeployCommitInput>();
  const log = orchestrationLogger(ctx, {
    deliveryId: input.deliveryId,
    target: input.target,
    bundle: input.bundle,
    sha: input.sha,
  });
  const key: LeaseKey = {
    repository: input.repository.toLowerCase(),
    target: input.target,
    bundle: input.bundle,
  };
  const ticket: Ticket = {
    instanceId: ctx.df.instanceId,
    sha: input.sha,
    receivedAt: input.receivedAt ?? ctx.df.currentUtcDateTime.toISOString(),
  };
  yield* report(ctx, input, { phase: "queued" });
  const lease = yield* awaitLease(ctx, key, ticket, input.coalesce);
  if (lease.kind === "superseded") {
    log.info("deploy superseded", { by: lease.by.sha });
    yield* report(ctx, input, { phase: "skipped", message: `superseded by ${lease.by.sha}` });
    return { kind: "superseded" };
  }
  const environment: { url?: string } = {};
  let outcome: DeployCommitOutput;
  try {
    outcome = yield* deployUnderLease(ctx, input, key, environment);
  } catch (err) {
    // An activity that kept failing after its retries: recorded and reported like any failed deploy.
    outcome = { kind: "failed", message: err instanceof Error ? err.message : String(err) };
  } finally {
    ctx.df.setCustomStatus({ step: "release", bundle: input.bundle, target: input.target });
    yield* callActivity(ctx, ReleaseDeployLease, { key, instanceId: ctx.df.instanceId });
  }
  log.info("deploy finished", { outcome: outcome.kind });
  if (outcome.kind === "superseded") {
    yield* report(ctx, input, { phase: "skipped", message: "superseded by a newer commit" });
    return outcome;
  }
  yield* report(
    ctx,
    input,
    outcome.kind === "deployed"
      ? { phase: "success", plan: outcome.counts, ...environment }
      : {
          phase: "failure",
          message: outcome.message,
          ...(outcome.kind === "invalid" && outcome.annotations !== undefined
            ? { annotations: outcome.annotations }
            : {}),
          ...environment,
        },
  );
  ctx.df.setCustomStatus({ step: "done", bundle: input.bundle, target: input.target, outcome: outcome.kind });
  return outcome;
}
