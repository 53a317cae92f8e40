import type { AccessToken, TokenCredential } from "@azure/identity";
import type { Clock } from "../../../shared/databricks/clock.js";
import type { FetchLike } from "../../../shared/databricks/http.js";
import type { DatabricksLogger } from "../../../shared/databricks/logger.js";

/** A request as the fake server saw it. */
export interface Recorded {
  method: string;
  url: URL;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** One scripted answer: a response, a thrown connection error, or a hang until aborted. */
export type Reply =
  { status?: number; body?: unknown; headers?: Record<string, string> } | { throws: Error } | { hang: true };

/** Records requests and replays scripted replies in order; `fallback` answers when the script is empty. */
export class FakeFetch {
  readonly requests: Recorded[] = [];
  readonly #script: Reply[];

  constructor(
    script: Reply[] = [],
    private readonly fallback?: (req: Recorded) => Reply,
  ) {
    this.#script = [...script];
  }

  push(...replies: Reply[]): this {
    this.#script.push(...replies);
    return this;
  }

  readonly fetch: FetchLike = async (url, init) => {
    const u = new URL(url);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const req: Recorded = {
      method: init.method ?? "GET",
      url: u,
      path: u.pathname,
      headers,
      body: (init.body ?? undefined) as string | undefined,
    };
    this.requests.push(req);
    const reply = this.#script.shift() ?? this.fallback?.(req);
    if (!reply) throw new Error(`FakeFetch: no reply scripted for ${req.method} ${u.pathname}`);
    await Promise.resolve();
    if ("throws" in reply) throw reply.throws;
    if ("hang" in reply) return hang(init.signal);
    const text =
      typeof reply.body === "string"
        ? reply.body
        : reply.body === undefined
          ? ""
          : JSON.stringify(reply.body);
    return new Response(text, { status: reply.status ?? 200, headers: reply.headers ?? {} });
  };

  /** Parsed JSON body of request `i` (negative counts from the end). */
  bodyOf(i: number): unknown {
    const req = this.requests.at(i);
    return req?.body === undefined ? undefined : JSON.parse(req.body);
  }
}

function hang(signal: AbortSignal | null | undefined): Promise<Response> {
  return new Promise((_, reject) =>
    signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))),
  );
}

/** fetch's own failure shape: TypeError("fetch failed") with the socket error as cause. */
export function connectionReset(): Error {
  return new TypeError("fetch failed", {
    cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }),
  });
}

interface Timer {
  at: number;
  ms: number;
  resolve: () => void;
}

/** Manual time: sleeps wait until `advance` or `drive` moves the clock past them. */
export class ManualClock implements Clock {
  time = Date.UTC(2026, 0, 1);
  /** Durations of sleeps that ran to completion (backoff and rate-limit waits, fired timeouts). */
  readonly completed: number[] = [];
  #timers: Timer[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const timer: Timer = { at: this.time + Math.max(0, ms), ms, resolve };
      this.#timers.push(timer);
      signal?.addEventListener("abort", () => {
        this.#timers = this.#timers.filter((t) => t !== timer);
        reject(signal.reason as Error);
      });
    });
  }

  timer(ms: number, fire: () => void): () => void {
    const timer: Timer = { at: this.time + Math.max(0, ms), ms, resolve: fire };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  advance(ms: number): void {
    this.time += ms;
    const due = this.#timers.filter((t) => t.at <= this.time).sort((a, b) => a.at - b.at);
    this.#timers = this.#timers.filter((t) => t.at > this.time);
    for (const t of due) {
      this.completed.push(t.ms);
      t.resolve();
    }
  }

  /** Settles `promise`, jumping the clock to the next timer whenever everything else is idle. */
  async drive<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let i = 0; i < 10_000; i++) {
      await idle();
      if (settled) return promise;
      const next = this.#timers.reduce<Timer | undefined>(
        (min, t) => (!min || t.at < min.at ? t : min),
        undefined,
      );
      if (!next) throw new Error("ManualClock.drive: promise pending with no timers left");
      this.advance(next.at - this.time);
    }
    throw new Error("ManualClock.drive: too many steps");
  }
}

/** Lets every queued promise job and I/O callback run (a macrotask turn, not a timed wait). */
export async function idle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A TokenCredential that hands out numbered tokens per scope and counts calls. */
export class FakeCredential implements TokenCredential {
  readonly calls: string[] = [];
  failNext: Error | undefined;
  #n = 0;

  constructor(
    private readonly clock: Clock,
    private readonly lifetimeMs = 60 * 60_000,
  ) {}

  async getToken(scopes: string | string[]): Promise<AccessToken> {
    const scope = Array.isArray(scopes) ? scopes.join(" ") : scopes;
    this.calls.push(scope);
    await Promise.resolve();
    if (this.failNext) {
      const err = this.failNext;
      this.failNext = undefined;
      throw err;
    }
    this.#n += 1;
    const kind = scope.startsWith("https://management") ? "mgmt" : "dbx";
    return { token: `${kind}-token-${this.#n}`, expiresOnTimestamp: this.clock.now() + this.lifetimeMs };
  }
}

/** Keeps every log line for assertions. */
export class RecordingLogger implements DatabricksLogger {
  readonly lines: { level: string; message: string; fields: Record<string, unknown> | undefined }[] = [];
  debug = (message: string, fields?: Record<string, unknown>): void =>
    void this.lines.push({ level: "debug", message, fields });
  info = (message: string, fields?: Record<string, unknown>): void =>
    void this.lines.push({ level: "info", message, fields });
  warn = (message: string, fields?: Record<string, unknown>): void =>
    void this.lines.push({ level: "warn", message, fields });
  error = (message: string, fields?: Record<string, unknown>): void =>
    void this.lines.push({ level: "error", message, fields });
}
