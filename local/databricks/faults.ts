import { ApiError, invalid, idParam } from "./http.js";

/** An injected HTTP fault: the next `count` matching calls fail (or are delayed). */
export interface HttpFault {
  path?: string;
  pathPrefix?: string;
  method?: string;
  status?: 429 | 500 | 503;
  retryAfterSeconds?: number;
  latencyMs?: number;
  count: number;
}

/** An injected run fault: the next `count` runs of a job fail or end in INTERNAL_ERROR without executing. */
export interface RunFault {
  jobId: string;
  kind: "failed" | "internalError";
  count: number;
}

const codes: Record<number, string> = {
  429: "REQUEST_LIMIT_EXCEEDED",
  500: "INTERNAL_ERROR",
  503: "TEMPORARILY_UNAVAILABLE",
};

/** Fault store behind `POST/DELETE /__emulator/faults` (tests only). */
export class Faults {
  private http: HttpFault[] = [];
  private runs: RunFault[] = [];

  add(body: Record<string, unknown>): void {
    if (typeof body.runFailure === "object" && body.runFailure !== null) {
      const f = body.runFailure as Record<string, unknown>;
      if (f.kind !== "failed" && f.kind !== "internalError")
        throw invalid("runFailure.kind must be failed or internalError");
      this.runs.push({ jobId: idParam(f.jobId, "runFailure.jobId"), kind: f.kind, count: count(f.count) });
      return;
    }
    const status = body.status;
    if (status !== undefined && status !== 429 && status !== 500 && status !== 503)
      throw invalid("status must be 429, 500 or 503");
    if (typeof body.path !== "string" && typeof body.pathPrefix !== "string")
      throw invalid("path or pathPrefix is required");
    const fault: HttpFault = { count: count(body.count) };
    if (typeof body.path === "string") fault.path = body.path;
    if (typeof body.pathPrefix === "string") fault.pathPrefix = body.pathPrefix;
    if (typeof body.method === "string") fault.method = body.method.toUpperCase();
    if (status !== undefined) fault.status = status;
    if (typeof body.retryAfterSeconds === "number") fault.retryAfterSeconds = body.retryAfterSeconds;
    if (typeof body.latencyMs === "number") fault.latencyMs = body.latencyMs;
    this.http.push(fault);
  }

  clear(): void {
    this.http = [];
    this.runs = [];
  }

  /** Consumes one matching HTTP fault: waits its latency, then throws its error if it has a status. */
  async apply(method: string, path: string): Promise<void> {
    const fault = this.http.find((f) => matches(f, method, path));
    if (fault === undefined) return;
    fault.count -= 1;
    if (fault.count <= 0) this.http.splice(this.http.indexOf(fault), 1);
    if (fault.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if (fault.status === undefined) return;
    const headers: Record<string, string> = {};
    if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds);
    throw new ApiError(
      fault.status,
      codes[fault.status] ?? "INTERNAL_ERROR",
      `Injected fault (${fault.status})`,
      headers,
    );
  }

  /** Consumes one run fault for the job, if any. */
  takeRunFault(jobId: string | undefined): RunFault["kind"] | undefined {
    const fault = this.runs.find((f) => f.jobId === jobId);
    if (fault === undefined) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.runs.splice(this.runs.indexOf(fault), 1);
    return fault.kind;
  }
}

function matches(f: HttpFault, method: string, path: string): boolean {
  if (f.method !== undefined && f.method !== method) return false;
  if (f.path !== undefined) return f.path === path;
  return f.pathPrefix !== undefined && path.startsWith(f.pathPrefix);
}

function count(value: unknown): number {
  if (value === undefined) return 1;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1)
    throw invalid("count must be a positive integer");
  return value;
}
