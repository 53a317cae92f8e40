import { AppError, type AppErrorOptions } from "../../errors/app-error.js";

/**
 * Codes of deploy failures the user must act on (never retried by the durable layer):
 * LOCK_HELD, INVALID_BUNDLE, FILE_TOO_LARGE, PATH_ESCAPES_ROOT, UNSUPPORTED, STATE_INVALID.
 * Databricks API failures stay DatabricksErrors (their `retryable` decides).
 */
export class BundleDeployError extends AppError {
  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super({ ...options, code, message, status: 400, retryable: false });
  }
}

/** `cannot create resources.jobs.foo: <API message>`, as the CLI prefixes failed resource calls. */
export function describeFailure(err: unknown): string {
  if (err instanceof Error) {
    const e = err as Error & { errorCode?: string; status?: number };
    return e.errorCode !== undefined && e.status !== undefined && e.status > 0 ? `${e.message} (${e.status} ${e.errorCode})` : e.message;
  }
  return String(err);
}
