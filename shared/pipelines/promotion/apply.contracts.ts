import { defineActivity } from "../../durable/contracts.js";
import { RetryPolicies } from "../../durable/retry-policies.js";

/**
 * Registry activities of the apply and rollback steps. Each names the bundle target whose workspace
 * holds the model (ADR 0020, "Runtime wiring"): the registry client is picked by target, as the deploy is.
 * Names are stored in history: never rename them (add a V2).
 */
export interface AliasRef {
  readonly target: string;
  readonly model: string;
  readonly alias: string;
}

/** Points an alias at a version; returns the version it pointed at before (null: unset). Idempotent. */
export const SetModelAlias = defineActivity<
  AliasRef & { readonly version: string },
  { readonly previous: string | null }
>("SetModelAlias", { retry: RetryPolicies.databricks });

/** Removes an alias if it still points at `version` (so a newer challenger is left alone). Idempotent. */
export const RemoveModelAlias = defineActivity<
  AliasRef & { readonly version: string },
  { readonly removed: boolean }
>("RemoveModelAlias", { retry: RetryPolicies.databricks });

/** Reads the version an alias points at (null: unset). */
export const GetModelAlias = defineActivity<AliasRef, { readonly version: string | null }>("GetModelAlias", {
  retry: RetryPolicies.databricks,
});

/** The workspace job id of a bundle's job resource on a target, from the target's deployment state. */
export const ResolveBundleJob = defineActivity<
  { readonly bundle: string; readonly target: string; readonly job: string },
  { readonly jobId: string }
>("ResolveBundleJob", { retry: RetryPolicies.databricks });
