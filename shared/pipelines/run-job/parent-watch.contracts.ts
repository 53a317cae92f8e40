import { defineActivity } from "../../durable/contracts.js";
import { RetryPolicies } from "../../durable/retry-policies.js";

/**
 * The runtime status of the orchestration a runJob works for (`Running`, `Terminated`, ...), null when
 * it does not exist. Terminating an orchestration does not reach its sub-orchestrations in Durable
 * Functions, so a watcher asks on every poll and cancels its run once the pipeline is gone (ADR 0025).
 */
export const GetOrchestrationStatus = defineActivity<
  { readonly instanceId: string },
  { readonly runtimeStatus: string | null }
>("GetOrchestrationStatus", { retry: RetryPolicies.transient });

/** Statuses after which nobody waits for the run any more. */
export const ABANDONED_STATUSES: ReadonlySet<string> = new Set(["Terminated", "Failed", "Canceled"]);
