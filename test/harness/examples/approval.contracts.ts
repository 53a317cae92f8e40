import { defineActivity } from "../../../shared/durable/contracts.js";
import { RetryPolicies } from "../../../shared/durable/retry-policies.js";

// Example contracts for the harness tests; not product code.
export const CheckGate = defineActivity<
  { readonly metric: number },
  { readonly kind: "passed" | "rejected" }
>("ExampleCheckGate");
export const Deploy = defineActivity<{ readonly target: string }, { readonly deploymentId: string }>(
  "ExampleDeploy",
  { retry: RetryPolicies.transient },
);
export const Notify = defineActivity<{ readonly target: string; readonly outcome: string }, null>(
  "ExampleNotify",
);

export interface ApprovalInput {
  readonly targets: readonly string[];
  readonly metric: number;
  readonly approvalTimeoutMinutes: number;
}

export type ApprovalOutput =
  | { readonly kind: "deployed"; readonly deploymentIds: readonly string[]; readonly approvedBy: string }
  | { readonly kind: "rejected" | "timedOut" | "gateFailed" };
