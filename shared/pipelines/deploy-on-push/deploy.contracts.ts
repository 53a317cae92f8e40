import { defineActivity } from "../../durable/contracts.js";
import { RetryPolicies } from "../../durable/retry-policies.js";
import type { BundleChanges } from "../../github/changed-bundles.js";
import type { DeployRequest } from "../../github/deploy-request.js";
import type { EnqueueOutcome, Ticket } from "./lease.js";

/** Orchestration the GitHub webhook starts per delivery; stored in history, so never rename it (add a V2). */
export const DEPLOY_ON_PUSH = "DeployOnPush";

/**
 * What one lease guards: one bundle of one repository on one target. The repository is its lower-cased
 * full name, because promotions know only the name (GitHub names are case-insensitive).
 */
export interface LeaseKey {
  readonly repository: string;
  readonly target: string;
  readonly bundle: string;
}

/** The external event a waiting orchestration receives when the lease is handed to it or it is superseded. */
export function leaseEventName(key: LeaseKey): string {
  return `DeployLease:${key.target}:${key.bundle}`;
}

/** Data of a {@link leaseEventName} event. */
export interface LeaseEvent {
  readonly grant: "granted" | "superseded";
}

/** The sources at the pushed commit, stored as a snapshot, and what the push means for each bundle. */
export interface PreparedSource {
  /** Snapshot id activities re-read the sources by (keyed by SHA, so shared across deliveries). */
  readonly snapshot: string;
  readonly changes: BundleChanges;
  /** Repository-relative folder of every valid bundle at the commit. */
  readonly roots: Readonly<Record<string, string>>;
}

export interface DeployBundleInput {
  readonly repository: string;
  readonly sha: string;
  readonly target: string;
  readonly bundle: string;
  readonly root: string;
  readonly snapshot: string;
  readonly deliveryId: string;
}

/** How one bundle's deploy ended; failures are data, so the lease is released and the next request runs. */
export type DeployBundleOutcome =
  | {
      readonly kind: "deployed";
      readonly counts: { readonly add: number; readonly change: number; readonly delete: number };
    }
  | { readonly kind: "failed"; readonly message: string }
  | {
      readonly kind: "invalid";
      readonly message: string;
      /** Errors at YAML lines, repository-relative, for the check run. */
      readonly annotations?: readonly { path: string; line: number; message: string }[];
    };

/** Fetches the commit's sources, discovers bundles and decides which changed (compare when needed). */
export const PrepareSource = defineActivity<DeployRequest, PreparedSource>("PrepareSource", {
  retry: RetryPolicies.transient,
});

/**
 * Deploys one bundle from a snapshot to a target (the bundle engine's deployBundle behind an activity,
 * built with the engine work). Must be safe to run twice: a second deploy of the same commit plans no change.
 */
export const DeployBundle = defineActivity<DeployBundleInput, DeployBundleOutcome>("DeployBundle", {
  retry: RetryPolicies.transient,
});

/** Asks for (or re-checks) the lease of a key. */
export const EnqueueDeploy = defineActivity<{ key: LeaseKey; ticket: Ticket }, EnqueueOutcome>(
  "EnqueueDeploy",
  {
    retry: RetryPolicies.transient,
  },
);

/** Extends the holder's TTL before a long step; says whether a newer request waits behind the holder. */
export const RenewDeployLease = defineActivity<
  { key: LeaseKey; instanceId: string },
  { renewed: boolean; newerWaiting?: boolean }
>("RenewDeployLease", {
  retry: RetryPolicies.transient,
});

/** Releases the lease and hands it to the waiting request. */
export const ReleaseDeployLease = defineActivity<
  { key: LeaseKey; instanceId: string },
  { released: boolean }
>("ReleaseDeployLease", {
  retry: RetryPolicies.transient,
});
