import type { DatabricksAuth } from "./auth.js";
import type { Clock } from "./clock.js";
import { type AttemptResult, cancelled, parseBody, transportError } from "./attempt-outcome.js";
import { errorFromResponse } from "./error-body.js";
import { type ApiRequest, type FetchLike, requestIdOf } from "./http.js";
import { parseRetryAfter } from "./retry.js";

/** What every attempt shares: the transport's own dependencies, passed as they are. */
export interface AttemptDeps {
  timeoutMs: number;
  auth: DatabricksAuth;
  fetch: FetchLike;
  clock: Clock;
  userAgent: string;
}

/** Where one call goes, the same for each of its attempts. */
export interface AttemptTarget {
  url: string;
  body: string | Uint8Array | undefined;
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

/**
 * Request headers: the auth headers, then accept, user agent and content type. Built by assignment, not
 * by spreading: in CPU profiles of `npm run bench:databricks` (issue #3) the object spreads on this path
 * (this one and a per-attempt copy of the call's context) were about a quarter of the client's own time.
 */
function headersOf(
  authHeaders: Record<string, string>,
  userAgent: string,
  body: AttemptTarget["body"],
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of Object.keys(authHeaders)) headers[name] = authHeaders[name] as string;
  headers.accept = "application/json";
  headers["user-agent"] = userAgent;
  if (body !== undefined)
    headers["content-type"] = typeof body === "string" ? "application/json" : "application/octet-stream";
  return headers;
}

/** Sends the request once. Only the caller's own abort escapes as a throw. */
export async function attemptOnce(
  req: ApiRequest,
  deps: AttemptDeps,
  target: AttemptTarget,
  attempt: number,
): Promise<AttemptResult> {
  const authHeaders = await deps.auth.headers();
  const headers = headersOf(authHeaders, deps.userAgent, target.body);
  const timeout = timeoutSignal(deps.clock, req.timeoutMs ?? deps.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout.signal]) : timeout.signal;
  let response: Response;
  let text: string;
  try {
    response = await deps.fetch(target.url, {
      method: req.method,
      headers,
      body: target.body ?? null,
      signal,
    });
    text = await response.text();
  } catch (cause) {
    if (req.signal?.aborted) throw cancelled(req, attempt);
    return {
      ok: false,
      error: transportError(req, attempt, timeout.signal.aborted, cause, secretsOf(authHeaders)),
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
      attempts: attempt,
    });
    return {
      ok: false,
      error,
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), deps.clock.now()),
    };
  }
  if (req.textResponse === true) return { ok: true, value: text, status: response.status, requestId };
  return parseBody(req, text, response.status, requestId, attempt);
}
