import { StepError } from "./runner.js";

/** A response the demo reads: status and parsed JSON (null when the body is empty or not JSON). */
export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
}

/** The function app's HTTP surface the demo uses; small so tests pass a fake. */
export interface HostApi {
  readonly baseUrl: string;
  get(path: string, headers?: Record<string, string>): Promise<ApiResponse>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
}

export interface HostApiOptions {
  readonly baseUrl: string;
  /** The host's function key (or master key), sent as x-functions-key; never printed. */
  readonly key: string;
  readonly fetch?: typeof globalThis.fetch;
  readonly timeoutMs?: number;
}

/** Calls the local host with its key; transport failures become StepErrors naming the URL path. */
export function createHostApi(options: HostApiOptions): HostApi {
  const doFetch = options.fetch ?? globalThis.fetch;
  const call = async (method: string, path: string, body: unknown, headers: Record<string, string>) => {
    let response: Response;
    try {
      response = await doFetch(`${options.baseUrl}${path}`, {
        method,
        headers: {
          "x-functions-key": options.key,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new StepError(`${method} ${path.split("?")[0]} did not answer: ${why}`);
    }
    const text = await response.text();
    return { status: response.status, body: parseJson(text), text };
  };
  return {
    baseUrl: options.baseUrl,
    get: (path, headers = {}) => call("GET", path, undefined, headers),
    post: (path, body, headers = {}) => call("POST", path, body, headers),
  };
}

/** A response body as JSON; null when it is empty or not JSON. */
export function parseJson(text: string): unknown {
  try {
    return text === "" ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

/** The error message of an API answer: the app's `{error:{message}}`/`{message}` shapes or the raw text. */
export function errorText(response: ApiResponse): string {
  const body = response.body as { error?: { message?: unknown } | string; message?: unknown } | null;
  const nested = typeof body?.error === "object" ? body.error.message : body?.error;
  const message = nested ?? body?.message;
  const text = typeof message === "string" ? message : response.text.slice(0, 300);
  return `HTTP ${response.status}${text ? `: ${text}` : ""}`;
}

/** Reads a JSON field path (`output.kind`) of an unknown value. */
export function field(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A JSON value as text for narration: strings and numbers as they are, anything else as JSON. */
export function show(value: unknown): string {
  return typeof value === "string" || typeof value === "number"
    ? String(value)
    : (JSON.stringify(value) ?? "?");
}
