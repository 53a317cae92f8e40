import type { DeployBundleOutcome } from "./deploy.contracts.js";

/**
 * The `DeployCommit` sub-orchestration (contract in /work/notes/wiring-contracts.md; owner: push-deploy,
 * caller: promotion). Takes the (repository, bundle, target) lease, prepares the snapshot of `sha`,
 * deploys it with the bundle engine and releases the lease on every path. The name is stored in
 * history: never rename it (add a V2).
 */
export const DEPLOY_COMMIT = "DeployCommit";

export interface DeployCommitInput {
  readonly repository: string;
  readonly installationId?: number;
  readonly sha: string;
  readonly bundle: string;
  readonly target: string;
  readonly requestedBy: string;
  readonly reason: "push" | "promotion" | "rollback";
  /** False for promotion and rollback: never skipped as superseded, waits for the lease. */
  readonly coalesce: boolean;
  readonly deliveryId: string;
}

export type DeployCommitOutput = DeployBundleOutcome | { readonly kind: "superseded" };
