/**
 * What one attempt can come to, as values the transport decides on: a parsed body or a typed error.
 * Kept apart from attempt.ts, which does the sending.
 */
import { DatabricksError, redact } from "./errors.js";
import type { ApiRequest } from "./http.js";
import { parseJson } from "./int64.js";

/** The result of one attempt: a parsed body, or a typed error plus the server's Retry-After. */
export type AttemptResult =
  | { ok: true; value: unknown; status: number; requestId: string | undefined }
  | { ok: false; error: DatabricksError; retryAfterMs: number | undefined };

/** The caller's cancellation, as a typed error (never retried). */
export function cancelled(req: ApiRequest, attempts: number): DatabricksError {
  return new DatabricksError({
    errorCode: "CANCELLED",
    message: `${req.method} ${req.path} cancelled by the caller`,
    status: 0,
    retryable: false,
    attempts,
  });
}

const noIdKeys: ReadonlySet<string> = new Set();

/** A 2xx body: `{}` when empty, else JSON with int64 ids as strings; a body that is not JSON is an error. */
export function parseBody(
  req: ApiRequest,
  text: string,
  status: number,
  requestId: string | undefined,
  attempt: number,
): AttemptResult {
  try {
    const value = text.trim() === "" ? {} : parseJson(text, req.idKeys ?? noIdKeys);
    return { ok: true, value, status, requestId };
  } catch {
    const error = new DatabricksError({
      errorCode: "INVALID_RESPONSE",
      message: `${req.method} ${req.path} answered ${status} with a body that is not JSON`,
      status,
      requestId,
      retryable: false,
      attempts: attempt,
    });
    return { ok: false, error, retryAfterMs: undefined };
  }
}

/** Connection failures and timeouts: no response, so no request id; the message is scrubbed. */
export function transportError(
  req: ApiRequest,
  attempt: number,
  timedOut: boolean,
  cause: unknown,
  secrets: string[],
): DatabricksError {
  const detail = cause instanceof Error ? `${cause.message}${codeOf(cause)}` : String(cause);
  return new DatabricksError({
    errorCode: timedOut ? "DEADLINE_EXCEEDED" : "NETWORK_ERROR",
    message: redact(
      `${req.method} ${req.path} ${timedOut ? "timed out" : `connection failed: ${detail}`}`,
      secrets,
    ),
    status: 0,
    retryable: true,
    attempts: attempt,
  });
}

/** Node's fetch hides the socket error (ECONNRESET, …) in `cause.code`. */
function codeOf(err: Error): string {
  const inner = err.cause as { code?: unknown } | undefined;
  return typeof inner?.code === "string" ? ` (${inner.code})` : "";
}
