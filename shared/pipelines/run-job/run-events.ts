import { createHash, timingSafeEqual } from "node:crypto";
import type { RunEventsAuth } from "../../config/run-events.js";

/** The part of a Databricks job notification (generic webhook) the callback acts on. */
export interface RunEvent {
  readonly eventType: string;
  /** The job run: for task events Databricks sends the task run id and the job run as parent_run_id. */
  readonly runId: string;
  readonly jobId: string | undefined;
}

/** Event types that mean a run has ended; the others (start, duration warning, backlog) are ignored. */
export const ENDING_EVENTS: ReadonlySet<string> = new Set(["jobs.on_success", "jobs.on_failure"]);

const ID = /^[0-9]{1,20}$/;
const idOf = (v: unknown): string | undefined => {
  const text = typeof v === "number" && Number.isSafeInteger(v) ? String(v) : v;
  return typeof text === "string" && ID.test(text) ? text : undefined;
};
const objectAt = (v: unknown, key: string): Record<string, unknown> | undefined => {
  const child = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[key] : undefined;
  return typeof child === "object" && child !== null ? (child as Record<string, unknown>) : undefined;
};

/**
 * Reads `{ event_type, workspace_id, run: { run_id, parent_run_id? }, job: { job_id, name }, task? }`
 * (Databricks docs, "job notifications": the generic webhook payload). Ids may come as strings or numbers.
 * Undefined when the payload is not such a notification.
 */
export function parseRunEvent(payload: unknown): RunEvent | undefined {
  const root = typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : {};
  const eventType = root.event_type;
  const run = objectAt(payload, "run");
  const runId = idOf(run?.parent_run_id) ?? idOf(run?.run_id);
  if (typeof eventType !== "string" || runId === undefined) return undefined;
  return { eventType, runId, jobId: idOf(objectAt(payload, "job")?.job_id) };
}

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/**
 * Checks an `Authorization: Basic` header. Both parts are compared as SHA-256 digests with
 * timingSafeEqual, and both are always compared, so timing tells neither length nor which part was wrong.
 */
export function basicAuthMatches(header: string | null, expected: RunEventsAuth): boolean {
  const m = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header?.trim() ?? "");
  const decoded = m?.[1] === undefined ? "" : Buffer.from(m[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const user = colon < 0 ? "" : decoded.slice(0, colon);
  const password = colon < 0 ? "" : decoded.slice(colon + 1);
  const userOk = timingSafeEqual(digest(user), digest(expected.user));
  const passwordOk = timingSafeEqual(digest(password), digest(expected.password));
  return colon >= 0 && userOk && passwordOk;
}
