import type { DatabricksAuth } from "./auth.js";
import type { Clock } from "./clock.js";
import { errorFromResponse } from "./error-body.js";
import { DatabricksError, redact } from "./errors.js";
import { type ApiRequest, type FetchLike, requestIdOf } from "./http.js";
import { parseJson } from "./int64.js";
import { parseRetryAfter } from "./retry.js";

/** What one attempt needs besides the request. */
export interface AttemptContext {
  url: string;
  body: string | Uint8Array | undefined;
  attempt: number;
  timeoutMs: number;
  auth: DatabricksAuth;
  fetch: FetchLike;
  clock: Clock;
  userAgent: string;
}

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

/** An abort signal that fires after `ms` on the injected clock; `cancel` releases the timer. */
function timeoutSignal(clock: Clock, ms: number): { signal: AbortSignal; cancel: () => void } {
  const fire = new AbortController();
  const cancel = clock.timer(ms, () => fire.abort(new Error("timeout")));
  return { signal: fire.signal, cancel };
}

/** Auth header values to scrub from messages; the bare token too, since a server would not echo "Bearer ". */
function secretsOf(authHeaders: Record<string, string>): string[] {
  return Object.values(authHeaders).flatMap((v) => [v, v.replace(/^Bearer\s+/i, "")]);
}

/** Sends the request once. Only the caller's own abort escapes as a throw. */
export async function attemptOnce(req: ApiRequest, ctx: AttemptContext): Promise<AttemptResult> {
  const authHeaders = await ctx.auth.headers();
  const headers: Record<string, string> = {
    ...authHeaders,
    accept: "application/json",
    "user-agent": ctx.userAgent,
  };
  if (ctx.body !== undefined)
    headers["content-type"] = typeof ctx.body === "string" ? "application/json" : "application/octet-stream";
  const timeout = timeoutSignal(ctx.clock, req.timeoutMs ?? ctx.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout.signal]) : timeout.signal;
  let response: Response;
  let text: string;
  try {
    response = await ctx.fetch(ctx.url, { method: req.method, headers, body: ctx.body ?? null, signal });
    text = await response.text();
  } catch (cause) {
    if (req.signal?.aborted) throw cancelled(req, ctx.attempt);
    return {
      ok: false,
      error: transportError(req, ctx.attempt, timeout.signal.aborted, cause, secretsOf(authHeaders)),
      retryAfterMs: undefined,
    };
  } finally {
    timeout.cancel();
  }
  const requestId = requestIdOf(response.headers);
  if (!response.ok) {
    const error = errorFromResponse({
      ...req,
      status: response.status,
      bodyText: text,
      requestId,
      secrets: secretsOf(authHeaders),
      attempts: ctx.attempt,
    });
    return {
      ok: false,
      error,
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), ctx.clock.now()),
    };
  }
  if (req.textResponse === true) return { ok: true, value: text, status: response.status, requestId };
  return parseBody(req, text, response.status, requestId, ctx.attempt);
}

function parseBody(
  req: ApiRequest,
  text: string,
  status: number,
  requestId: string | undefined,
  attempt: number,
): AttemptResult {
  try {
    const value = text.trim() === "" ? {} : parseJson(text, req.idKeys ?? new Set());
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
function transportError(
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
