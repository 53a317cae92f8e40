/**
 * Which bundles a deploy must consider. JSON, because it is the orchestration input.
 * - `paths`: every added, modified or removed path of the push's commits.
 * - `compare`: the payload cannot say (commit list truncated, forced push, created ref); the files changed
 *   between `base` (null: the target's last deployed commit) and the pushed SHA must be fetched.
 * - `bundles`: a re-run names the bundles itself.
 */
export type ChangeSet =
  | { readonly kind: "paths"; readonly paths: readonly string[] }
  | { readonly kind: "compare"; readonly base: string | null; readonly reason: CompareReason }
  | { readonly kind: "bundles"; readonly names: readonly string[] };

export type CompareReason = "truncated" | "forced" | "created";

/** One delivery's request to deploy a commit of a repository to a target: the deploy orchestration's input. */
export interface DeployRequest {
  readonly deliveryId: string;
  readonly trigger: "push" | "rerun";
  readonly repository: { readonly id: number; readonly fullName: string };
  /** Absent for check-run re-runs whose suite has no branch. */
  readonly installationId?: number;
  readonly ref?: string;
  readonly sha: string;
  readonly target: string;
  readonly bundlesDir: string;
  readonly changes: ChangeSet;
  /** When the webhook received the delivery (ISO); orders requests for the same target. */
  readonly receivedAt: string;
}

/** Why a delivery deploys nothing; answered to GitHub (shown under the hook's recent deliveries) and logged. */
export type SkipReason =
  | "routing_not_configured"
  | "repository_not_allowed"
  | "fork"
  | "ref_not_branch_or_tag"
  | "ref_invalid"
  | "ref_deleted"
  | "no_route"
  | "promotion_only"
  | "not_a_deploy_check"
  | "action_not_rerun";

/** A routing decision: deploy, or a recorded reason for doing nothing. */
export type RouteDecision =
  | { readonly kind: "deploy"; readonly request: DeployRequest }
  | { readonly kind: "skip"; readonly reason: SkipReason; readonly detail: string };
