import { AppError, type AppErrorOptions } from "./app-error.js";

/** The request is malformed or fails validation (400). */
export class ValidationError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super({ ...options, code: options.code ?? "VALIDATION_FAILED", message, status: 400 });
  }
}

/** The caller is not authenticated, e.g. a webhook signature does not verify (401). */
export class UnauthorizedError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super({ ...options, code: options.code ?? "UNAUTHORIZED", message, status: 401 });
  }
}

/** The caller is known but not allowed to do this (403). */
export class ForbiddenError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super({ ...options, code: options.code ?? "FORBIDDEN", message, status: 403 });
  }
}

/** The addressed resource does not exist (404). */
export class NotFoundError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super({ ...options, code: options.code ?? "NOT_FOUND", message, status: 404 });
  }
}

/** The request clashes with current state, e.g. a deploy lock is held (409). */
export class ConflictError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super({ ...options, code: options.code ?? "CONFLICT", message, status: 409 });
  }
}

/** The request body is larger than we accept (413). */
export class PayloadTooLargeError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super({ ...options, code: options.code ?? "PAYLOAD_TOO_LARGE", message, status: 413 });
  }
}

/**
 * A dependency (Databricks, GitHub, storage) failed in a way that may pass on retry (502). Its message
 * is not shown to HTTP callers: upstream messages can echo internals.
 */
export class UpstreamError extends AppError {
  constructor(message: string, options: AppErrorOptions & { readonly retryable?: boolean } = {}) {
    super({
      ...options,
      code: options.code ?? "UPSTREAM_FAILED",
      message,
      status: 502,
      retryable: options.retryable ?? true,
    });
  }
}

/** One invalid or missing setting. Never carries the value: it may be a secret. */
export interface ConfigProblem {
  readonly name: string;
  readonly reason: string;
}

/** The app's settings are invalid; lists every problem at once so one deploy fixes them all (500). */
export class ConfigError extends AppError {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], options: Omit<AppErrorOptions, "code"> = {}) {
    const list = problems.map((p) => `${p.name}: ${p.reason}`).join("; ");
    super({ ...options, code: "CONFIG_INVALID", message: `Invalid configuration: ${list}`, status: 500 });
    this.problems = Object.freeze([...problems]);
  }
}
