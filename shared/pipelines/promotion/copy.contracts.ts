import { defineActivity } from "../../durable/contracts.js";
import { RetryPolicies } from "../../durable/retry-policies.js";

/**
 * The cross-catalog copy (separate models per target): find a copy by its marker, else start a
 * one-time run in the target's workspace that makes it with MLflow's `copy_model_version`. The run is
 * watched with the pipeline's `GetJobRun` / `CancelJobRun` activities. Names are stored in history.
 */
export interface CopyRef {
  readonly target: string;
  readonly model: string;
  /** `<source model>/<source version>`. */
  readonly marker: string;
}

/** The version of `model` in `target`'s workspace that is a copy of `marker`; null when there is none. */
export const FindModelCopy = defineActivity<CopyRef, { readonly version: string | null }>("FindModelCopy", {
  retry: RetryPolicies.databricks,
});

export interface SubmitModelCopyInput {
  readonly from: { readonly target: string; readonly model: string; readonly version: string };
  readonly to: { readonly target: string; readonly model: string };
  /** The promotion's ledger record id: the run's idempotency token derives from it. */
  readonly recordId: string;
}

/**
 * Imports the copy script into the target workspace and submits the run (idempotency token per
 * promotion record and version: a retry gets the same run, never a second copy).
 */
export const SubmitModelCopy = defineActivity<SubmitModelCopyInput, { readonly runId: string }>(
  "SubmitModelCopy",
  { retry: RetryPolicies.databricks },
);
