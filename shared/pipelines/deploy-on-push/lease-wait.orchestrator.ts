import type { OrchestrationContext, Task } from "durable-functions";
import { callActivity } from "../../durable/call-activity.js";
import { EnqueueDeploy, leaseEventName, type LeaseKey } from "./deploy.contracts.js";
import type { EnqueueOutcome, Ticket } from "./lease.js";

/** How often a queued request re-checks the lease when no event arrives (a lost event, a crashed holder). */
export const LEASE_POLL_MS = 60_000;

/**
 * A request that must not be coalesced away (promotion, rollback) asks again as the newest request when
 * it is superseded: just after the ticket that superseded it, so the loop ends (ADR 0022).
 */
function reissued(ticket: Ticket, by: Ticket, now: Date): Ticket {
  const after = Date.parse(by.receivedAt) + 1;
  return { ...ticket, receivedAt: new Date(Math.max(now.getTime(), after)).toISOString() };
}

/**
 * Waits in the queue until the lease is ours or, when `coalesce`, a newer commit supersedes this request.
 * The record is the truth; events only say "look now", so a late or duplicate event is harmless.
 */
export function* awaitLease(
  ctx: OrchestrationContext,
  key: LeaseKey,
  first: Ticket,
  coalesce: boolean,
): Generator<Task, EnqueueOutcome, unknown> {
  let ticket = first;
  let outcome = yield* callActivity(ctx, EnqueueDeploy, { key, ticket });
  // One open event task at a time: durable-functions hands an event to the oldest open wait of that
  // name, so a fresh wait per loop round would leave the event with an abandoned task.
  let event = ctx.df.waitForExternalEvent(leaseEventName(key));
  for (;;) {
    if (outcome.kind === "superseded" && !coalesce) {
      ticket = reissued(ticket, outcome.by, ctx.df.currentUtcDateTime);
      outcome = yield* callActivity(ctx, EnqueueDeploy, { key, ticket });
      continue;
    }
    if (outcome.kind !== "queued") return outcome;
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
    outcome = yield* callActivity(ctx, EnqueueDeploy, { key, ticket });
  }
}
