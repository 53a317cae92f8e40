import { AppError, type AppErrorOptions } from "../../errors/app-error.js";

/**
 * Codes of deploy failures the user must act on (never retried by the durable layer):
 * LOCK_HELD, INVALID_BUNDLE, FILE_TOO_LARGE, PATH_ESCAPES_ROOT, UNSUPPORTED, STATE_INVALID, and
 * CHANGE_REFUSED (a durable apply step the workspace refused, durable/changes.activities.ts).
 * Databricks API failures stay DatabricksErrors (their `retryable` decides).
 */
export class BundleDeployError extends AppError {
  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super({ ...options, code, message, status: 400, retryable: false });
  }
}

/** The cause of a failed resource call; the client's messages already name endpoint and error code. */
export function describeFailure(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
