import { DatabricksError } from "../../databricks/errors.js";
import { UpstreamError } from "../../errors/taxonomy.js";

/**
 * Databricks refusals that retrying cannot fix (unknown job, bad parameters, no permission) become
 * non-retryable AppErrors, which reach the orchestrator as data and end the pipeline as an outcome;
 * 429/5xx and network errors are returned as they are, to be thrown for the activity's retry policy.
 */
export function databricksRefusal(action: string, err: unknown): unknown {
  if (!(err instanceof DatabricksError) || err.retryable) return err;
  return new UpstreamError(`Databricks refused ${action}: ${err.errorCode} ${err.message}`, {
    code: `DATABRICKS_${err.errorCode.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}`,
    retryable: false,
    cause: err,
  });
}

/** Runs `call`, rethrowing a Databricks refusal as a non-retryable AppError (see {@link databricksRefusal}). */
export async function refusing<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw databricksRefusal(action, err);
  }
}
