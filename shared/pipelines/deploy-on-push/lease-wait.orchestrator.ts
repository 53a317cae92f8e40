import type { OrchestrationContext, Task } from "durable-functions";
import { callActivity } from "../../durable/call-activity.js";
import type { DeployRequest } from "../../github/deploy-request.js";
import {
  DeployBundle,
  EnqueueDeploy,
  leaseEventName,
  ReleaseDeployLease,
  RenewDeployLease,
  type DeployBundleOutcome,
  type LeaseKey,
} from "./deploy.contracts.js";
import type { EnqueueOutcome, Ticket } from "./lease.js";

/** How often a queued request re-checks the lease when no event arrives (a lost event, a crashed holder). */
export const LEASE_POLL_MS = 60_000;

/** One bundle's result, recorded in the orchestration output. */
export type BundleResult =
  | ({ readonly bundle: string } & DeployBundleOutcome)
  | { readonly bundle: string; readonly kind: "skipped"; readonly reason: "superseded"; readonly by: string }
  | { readonly bundle: string; readonly kind: "skipped"; readonly reason: "lease_lost" };

/** Waits in the queue until the lease is ours or a newer commit supersedes this request. */
function* awaitLease(
  ctx: OrchestrationContext,
  key: LeaseKey,
  ticket: Ticket,
): Generator<Task, EnqueueOutcome, unknown> {
  let outcome = yield* callActivity(ctx, EnqueueDeploy, { key, ticket });
  // One open event task at a time: durable-functions hands an event to the oldest open wait of that
  // name, so a fresh wait per loop round would leave the event with an abandoned task.
  let event = ctx.df.waitForExternalEvent(leaseEventName(key));
  while (outcome.kind === "queued") {
    ctx.df.setCustomStatus({
      step: "queued",
      bundle: key.bundle,
      target: key.target,
      behind: outcome.holder,
    });
    const now = ctx.df.currentUtcDateTime.getTime();
    const poll = Math.min(Date.parse(outcome.holderExpiresAt) + 1_000, now + LEASE_POLL_MS);
    const timer = ctx.df.createTimer(new Date(Math.max(poll, now + 1_000)));
    const winner: unknown = yield ctx.df.Task.any([event, timer]);
    if (winner !== timer) {
      timer.cancel();
      event = ctx.df.waitForExternalEvent(leaseEventName(key));
    }
    // The record is the truth; the event only says "look now", so a late or duplicate event is harmless.
    outcome = yield* callActivity(ctx, EnqueueDeploy, { key, ticket });
  }
  return outcome;
}

/**
 * Deploys one bundle under its (bundle, target) lease: queue, deploy, release. The release runs on
 * success and on failure (finally); a terminated orchestration cannot run it, which is what the TTL
 * and the running-holder check of the next request are for (ADR 0017).
 */
export function* leasedDeploy(
  ctx: OrchestrationContext,
  request: DeployRequest,
  bundle: string,
  root: string,
  snapshot: string,
): Generator<Task, BundleResult, unknown> {
  const key: LeaseKey = { repositoryId: request.repository.id, target: request.target, bundle };
  const ticket: Ticket = { instanceId: ctx.df.instanceId, sha: request.sha, receivedAt: request.receivedAt };
  const lease = yield* awaitLease(ctx, key, ticket);
  if (lease.kind === "superseded") return { bundle, kind: "skipped", reason: "superseded", by: lease.by.sha };
  try {
    const { renewed } = yield* callActivity(ctx, RenewDeployLease, { key, instanceId: ticket.instanceId });
    if (!renewed) return { bundle, kind: "skipped", reason: "lease_lost" };
    ctx.df.setCustomStatus({ step: "deploy", bundle, target: request.target });
    const outcome = yield* callActivity(ctx, DeployBundle, {
      repository: request.repository.fullName,
      sha: request.sha,
      target: request.target,
      bundle,
      root,
      snapshot,
      deliveryId: request.deliveryId,
    });
    return { bundle, ...outcome };
  } finally {
    yield* callActivity(ctx, ReleaseDeployLease, { key, instanceId: ticket.instanceId });
  }
}
