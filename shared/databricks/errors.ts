/**
 * Databricks `error_code`s we branch on (open union: unknown server codes pass through as strings).
 * The status-only fallbacks mirror the Go SDK's apierr mapping, so a bare 404 still reads as NOT_FOUND.
 */
export type DatabricksErrorCode =
  | "RESOURCE_DOES_NOT_EXIST"
  | "RESOURCE_ALREADY_EXISTS"
  | "INVALID_PARAMETER_VALUE"
  | "PERMISSION_DENIED"
  | "RESOURCE_CONFLICT"
  | "REQUEST_LIMIT_EXCEEDED"
  | "TEMPORARILY_UNAVAILABLE"
  | "RESOURCE_EXHAUSTED"
  | "INVALID_STATE"
  | "ABORTED"
  | "ALREADY_EXISTS"
  | "BAD_REQUEST"
  | "UNAUTHENTICATED"
  | "NOT_FOUND"
  | "TOO_MANY_REQUESTS"
  | "INTERNAL_ERROR"
  | "NOT_IMPLEMENTED"
  | "DEADLINE_EXCEEDED"
  | "CANCELLED"
  | "UNKNOWN"
  | "DATA_LOSS"
  /** Client-side: the connection failed before a response arrived. */
  | "NETWORK_ERROR"
  /** Client-side: a 2xx response whose body is not the JSON we expect. */
  | "INVALID_RESPONSE"
  | (string & {});

/** Fields of a {@link DatabricksError}. */
export interface DatabricksErrorInit {
  errorCode: DatabricksErrorCode;
  message: string;
  /** HTTP status; 0 when no response arrived (network error, timeout, cancellation). */
  status: number;
  requestId?: string | undefined;
  retryable: boolean;
  /** Attempts made, retries included. */
  attempts?: number;
  cause?: unknown;
}

/** Every failure of this client, typed by Databricks `error_code`. Messages never contain tokens. */
export class DatabricksError extends Error {
  override readonly name = "DatabricksError";
  readonly errorCode: DatabricksErrorCode;
  readonly status: number;
  readonly requestId: string | undefined;
  /**
   * Transient: trying again later may succeed. For a write that failed with NETWORK_ERROR or
   * DEADLINE_EXCEEDED the server may already have applied it — check before repeating a create.
   */
  readonly retryable: boolean;
  readonly attempts: number;

  constructor(init: DatabricksErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.errorCode = init.errorCode;
    this.status = init.status;
    this.requestId = init.requestId;
    this.retryable = init.retryable;
    this.attempts = init.attempts ?? 1;
  }
}

const statusFallback: Record<number, DatabricksErrorCode> = {
  400: "BAD_REQUEST",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "RESOURCE_CONFLICT",
  429: "TOO_MANY_REQUESTS",
  499: "CANCELLED",
  500: "INTERNAL_ERROR",
  501: "NOT_IMPLEMENTED",
  503: "TEMPORARILY_UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

/** Statuses worth a retry (for calls that are safe to repeat). */
export const retryableStatuses: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

const retryableCodes: ReadonlySet<string> = new Set([
  "REQUEST_LIMIT_EXCEEDED",
  "TEMPORARILY_UNAVAILABLE",
  "RESOURCE_EXHAUSTED",
  "TOO_MANY_REQUESTS",
  "DEADLINE_EXCEEDED",
  "NETWORK_ERROR",
]);

/** Whether an error code or status says "try again later". */
export function isRetryable(errorCode: string, status: number): boolean {
  return retryableStatuses.has(status) || retryableCodes.has(errorCode);
}

/** The fallback code for a status without an `error_code` body. */
export function codeForStatus(status: number): DatabricksErrorCode {
  return statusFallback[status] ?? "UNKNOWN";
}

/** True for "does not exist" in both its spellings (typed code or bare 404). */
export function isNotFound(err: unknown): boolean {
  return (
    err instanceof DatabricksError &&
    (err.errorCode === "RESOURCE_DOES_NOT_EXIST" || err.errorCode === "NOT_FOUND")
  );
}

/** True for "already exists" in both its spellings. */
export function isAlreadyExists(err: unknown): boolean {
  return (
    err instanceof DatabricksError &&
    (err.errorCode === "RESOURCE_ALREADY_EXISTS" || err.errorCode === "ALREADY_EXISTS")
  );
}

/** Replaces every occurrence of each secret with a marker; secrets shorter than 4 chars are ignored. */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join("[REDACTED]");
  }
  return out;
}
