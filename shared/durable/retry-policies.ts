import * as df from "durable-functions";

/** Inputs for a named policy; mirrors the fields durable-functions sends to the host. */
export interface RetryPolicySpec {
  readonly firstRetryIntervalMs: number;
  readonly maxAttempts: number;
  readonly backoffCoefficient: number;
  readonly maxRetryIntervalMs: number;
}

/**
 * Builds a frozen `RetryOptions`. No `retryTimeoutInMilliseconds` on purpose: when it expires the
 * extension stops without the retry timer the JS library waits for, and the orchestration hangs
 * (docs/adr/0001-durable-engine.md, "Retries are host-side").
 */
export function retryPolicy(spec: RetryPolicySpec): df.RetryOptions {
  const options = new df.RetryOptions(spec.firstRetryIntervalMs, spec.maxAttempts);
  options.backoffCoefficient = spec.backoffCoefficient;
  options.maxRetryIntervalInMilliseconds = spec.maxRetryIntervalMs;
  return Object.freeze(options);
}

/**
 * The app's retry policies; activities pick one by name so retry behaviour is reviewed in one place.
 * Retries only apply to thrown (retryable or unknown) errors; non-retryable `AppError`s come back as data.
 */
export const RetryPolicies = Object.freeze({
  /** Storage, queues, short network blips: a few quick tries. */
  transient: retryPolicy({
    firstRetryIntervalMs: 1_000,
    maxAttempts: 3,
    backoffCoefficient: 2,
    maxRetryIntervalMs: 10_000,
  }),
  /** Databricks REST: 429/503 throttling clears in tens of seconds, so back off further and try longer. */
  databricks: retryPolicy({
    firstRetryIntervalMs: 5_000,
    maxAttempts: 6,
    backoffCoefficient: 2,
    maxRetryIntervalMs: 120_000,
  }),
  /** GitHub checks/deployments: informational, so give up sooner rather than hold the pipeline. */
  reporting: retryPolicy({
    firstRetryIntervalMs: 2_000,
    maxAttempts: 4,
    backoffCoefficient: 2,
    maxRetryIntervalMs: 30_000,
  }),
});

/** Names of {@link RetryPolicies}. */
export type RetryPolicyName = keyof typeof RetryPolicies;
