/** The fetch signature the client needs (global fetch satisfies it; tests pass a fake). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type QueryValue = string | number | boolean | readonly string[] | undefined;

/** Per-call knobs every API method accepts. */
export interface CallOptions {
  /** Aborts the call, retries and waits included. */
  signal?: AbortSignal;
  /** Timeout per attempt, ms (default from the client options). */
  timeoutMs?: number;
}

/** One REST call as the API modules describe it. */
export interface ApiRequest extends CallOptions {
  method: HttpMethod;
  /** Path under the host, e.g. `/api/2.2/jobs/get`. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /**
   * Safe to send twice. GETs always are; writes only when the API says so (e.g. run-now with an
   * idempotency_token). Non-idempotent calls are sent exactly once: no retry on any failure.
   */
  idempotent?: boolean;
  /** Response keys whose integer values are int64 ids, returned as decimal strings. */
  idKeys?: ReadonlySet<string>;
  /** Bytes sent as `application/octet-stream` instead of a JSON `body` (workspace-files import). */
  rawBody?: Uint8Array;
  /** Return the response body as text, unparsed (workspace export with `direct_download`). */
  textResponse?: boolean;
}

/** Sends {@link ApiRequest}s: auth, rate limiting, retries, timeouts, typed errors. */
export interface Transport {
  call<T>(request: ApiRequest): Promise<T>;
}

/** Joins host, path and query; arrays become repeated keys, undefined values are dropped. */
export function buildUrl(host: string, path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) params.append(key, v);
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return `${host}${path}${qs ? `?${qs}` : ""}`;
}

/** `adb-1.2.azuredatabricks.net` or `https://…/` → `https://…` without a trailing slash. */
export function normaliseHost(host: string): string {
  const withScheme = /^https?:\/\//i.test(host) ? host : `https://${host}`;
  return withScheme.replace(/\/+$/, "");
}

/** Request id headers Databricks (and its gateways) answer with; first present wins. */
export function requestIdOf(headers: Headers): string | undefined {
  return headers.get("x-request-id") ?? headers.get("x-databricks-request-id") ?? undefined;
}
