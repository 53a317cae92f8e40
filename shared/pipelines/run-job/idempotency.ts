import { createHash } from "node:crypto";

/** Databricks accepts idempotency tokens of at most 64 characters (Jobs API run-now). */
export const MAX_TOKEN_LENGTH = 64;

/**
 * The run-now idempotency token of one attempt of one step of one pipeline: hex SHA-256 (64 chars) of
 * the three, so a replayed or retried activity gets the same run back, while a deliberate re-run of the
 * step (attempt + 1) starts a new one instead of returning the old failed run (apache/airflow#64828).
 */
export function runIdempotencyToken(instanceId: string, step: string, attempt: number): string {
  return createHash("sha256")
    .update(JSON.stringify(["run-now/v1", instanceId, step, attempt]))
    .digest("hex");
}
