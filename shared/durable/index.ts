// What orchestrators may import. instance-ids.ts is deliberately absent (it needs node:crypto).
export { ActivityError } from "./activity-error.js";
export {
  callActivity,
  resultOf,
  scheduleActivity,
  unwrap,
  whenAll,
  type ActivityScheduler,
  type ActivityTask,
} from "./call-activity.js";
export {
  defineActivity,
  type ActivityContract,
  type ActivityFailure,
  type ActivityOptions,
  type ActivityResult,
  type InputOf,
  type OutputOf,
} from "./contracts.js";
export { implement, settleActivity, type ActivityFn, type ActivityHandler } from "./implement.js";
export { orchestrationLogger, type OrchestrationLogTarget } from "./orchestration-logger.js";
export { RetryPolicies, retryPolicy, type RetryPolicyName, type RetryPolicySpec } from "./retry-policies.js";
