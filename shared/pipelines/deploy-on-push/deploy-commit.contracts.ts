import { defineActivity } from "../../durable/contracts.js";
import { RetryPolicies } from "../../durable/retry-policies.js";
import type { DeployBundleInput, DeployBundleOutcome } from "./deploy.contracts.js";

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
  /**
   * When the request was received (ISO): orders coalescing requests, so the newest push wins even when
   * an older delivery reaches the lease later. Absent: the sub-orchestration's start time.
   */
  readonly receivedAt?: string;
  /** Folder holding the bundles (default: GITHUB_DEPLOY_ROUTING's bundlesDir, else `bundles`). */
  readonly bundlesDir?: string;
}

export type DeployCommitOutput = DeployBundleOutcome | { readonly kind: "superseded" };

/** The plan's counts as the reports show them (a recreate counts as one add and one delete). */
export interface PlanCounts {
  readonly add: number;
  readonly change: number;
  readonly delete: number;
}

export type PreparedCommit =
  | {
      readonly kind: "ok";
      readonly snapshot: string;
      readonly root: string;
      /** The target's workspace URL, for reports (environment_url). */
      readonly workspaceUrl?: string;
      /**
       * "steps": deploy with the DeployBundleSteps sub-orchestration. Absent in the history of instances
       * prepared before it existed: those replay the one-activity DeployBundle (ADR 0022).
       */
      readonly engine?: "steps";
    }
  | { readonly kind: "invalid"; readonly message: string };

export type PlannedDeploy =
  | { readonly kind: "planned"; readonly counts: PlanCounts }
  | Extract<DeployBundleOutcome, { kind: "invalid" }>;

/** Snapshots the commit (reused when another delivery or worker stored it) and finds the bundle's folder. */
export const PrepareCommit = defineActivity<
  Pick<DeployCommitInput, "repository" | "installationId" | "sha" | "bundle" | "target" | "bundlesDir">,
  PreparedCommit
>("PrepareCommit", { retry: RetryPolicies.transient });

/** Validates the bundle and plans against the target's deployed state, writing nothing (for in_progress). */
export const PlanBundleDeploy = defineActivity<DeployBundleInput, PlannedDeploy>("PlanBundleDeploy", {
  retry: RetryPolicies.databricks,
});
