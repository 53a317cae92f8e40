import type { Logger } from "../../runtime/logger.js";
import type { LeaseKey, LeaseEvent } from "./deploy.contracts.js";
import { leaseEventName } from "./deploy.contracts.js";
import {
  enqueue,
  release,
  renew,
  isStale,
  type EnqueueOutcome,
  type LeaseNotice,
  type Ticket,
} from "./lease.js";
import { updateLease, type LeaseStore } from "./lease-store.js";

/** What the lease activities need; built by the composition root, faked in tests. */
export interface LeaseActivityDeps {
  readonly store: LeaseStore;
  /** Whether an orchestration is still pending or running (a terminated or failed holder is not). */
  readonly isRunning: (instanceId: string) => Promise<boolean>;
  readonly raiseEvent: (instanceId: string, eventName: string, data: LeaseEvent) => Promise<void>;
  readonly now: () => Date;
  /** Longest a holder keeps the lease without renewing; bounds how long a crashed holder blocks a target. */
  readonly ttlMs: number;
  readonly log: Logger;
}

/** The storage key of a lease: stable, and free of characters blob names or table keys dislike. */
export function leaseStorageKey(key: LeaseKey): string {
  return [key.repository, key.target, key.bundle].map(encodeURIComponent).join("/");
}

/** The lease activities, registered with `implement()` in functions/. Each is safe to run twice. */
export function createLeaseActivities(deps: LeaseActivityDeps) {
  // Events are hints (the waiting side polls too), so a failed raise is logged, never thrown.
  const notify = async (key: LeaseKey, notices: readonly LeaseNotice[]) => {
    for (const n of notices) {
      await deps.raiseEvent(n.instanceId, leaseEventName(key), { grant: n.grant }).catch((error: unknown) => {
        deps.log.warn("lease event not delivered", { instanceId: n.instanceId, grant: n.grant, error });
      });
    }
  };
  return {
    async enqueueDeploy(input: { key: LeaseKey; ticket: Ticket }): Promise<EnqueueOutcome> {
      const now = deps.now();
      const { outcome, notices } = await updateLease(
        deps.store,
        leaseStorageKey(input.key),
        async (record) => {
          const holder = record.holder;
          // Ask the durable store only when it can matter: another holder whose TTL has not run out yet.
          const running =
            holder === null || holder.instanceId === input.ticket.instanceId || isStale(holder, now, true)
              ? true
              : await deps.isRunning(holder.instanceId);
          return enqueue(record, input.ticket, now, deps.ttlMs, running);
        },
      );
      await notify(input.key, notices);
      deps.log.info("deploy lease asked", {
        ...input.key,
        instanceId: input.ticket.instanceId,
        outcome: outcome.kind,
      });
      return outcome;
    },
    async renewDeployLease(input: {
      key: LeaseKey;
      instanceId: string;
    }): Promise<{ renewed: boolean; newerWaiting: boolean }> {
      const { outcome } = await updateLease(deps.store, leaseStorageKey(input.key), (r) =>
        renew(r, input.instanceId, deps.now(), deps.ttlMs),
      );
      return { renewed: outcome.renewed, newerWaiting: outcome.newerWaiting === true };
    },
    async releaseDeployLease(input: { key: LeaseKey; instanceId: string }): Promise<{ released: boolean }> {
      const { outcome, notices } = await updateLease(deps.store, leaseStorageKey(input.key), (r) =>
        release(r, input.instanceId, deps.now(), deps.ttlMs),
      );
      await notify(input.key, notices);
      deps.log.info("deploy lease released", {
        ...input.key,
        instanceId: input.instanceId,
        released: outcome.released,
      });
      return outcome;
    },
  };
}
