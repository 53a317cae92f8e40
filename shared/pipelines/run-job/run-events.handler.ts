import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import type { RunEventsAuth } from "../../config/run-events.js";
import { classifyRun } from "../../databricks/classify-run.js";
import { DatabricksError } from "../../databricks/errors.js";
import type { RunsApi } from "../../databricks/runs.js";
import { AppError } from "../../errors/app-error.js";
import { toHttpResponse } from "../../errors/http.js";
import {
  PayloadTooLargeError,
  UnauthorizedError,
  UpstreamError,
  ValidationError,
} from "../../errors/taxonomy.js";
import type { Logger } from "../../runtime/logger.js";
import { basicAuthMatches, ENDING_EVENTS, parseRunEvent, type RunEvent } from "./run-events.js";
import type { RunIndex, RunIndexEntry } from "./run-index.js";
import { RUN_STATE_CHANGED_EVENT } from "./run-job.contracts.js";

/** Databricks notifications are small; anything larger is not one. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface RunEventsDeps {
  /** Basic-auth credentials; undefined → 503 (the endpoint is off, polling still watches runs). */
  readonly auth: () => RunEventsAuth | undefined;
  /** The run index in ORCHESTRATOR_LAKE; undefined → 503. */
  readonly runIndex: () => Pick<RunIndex, "lookup"> | undefined;
  readonly runsFor: (target: string) => Pick<RunsApi, "getRun">;
  readonly logger: (context: InvocationContext) => Logger;
}

/** The one durable-client call the callback needs. */
export interface EventRaiser {
  raise(instanceId: string, event: string, data: unknown): Promise<void>;
}

export type RunEventsHandler = (
  request: HttpRequest,
  context: InvocationContext,
  raiser: EventRaiser,
) => Promise<HttpResponseInit>;

const json = (status: number, body: unknown): HttpResponseInit => ({ status, jsonBody: body });

class NotConfiguredError extends AppError {
  constructor(what: string) {
    super({
      code: "RUN_EVENTS_NOT_CONFIGURED",
      message: `run events are off: ${what} not set`,
      status: 503,
      expose: true,
    });
  }
}

async function readEvent(request: HttpRequest): Promise<RunEvent> {
  const body = Buffer.from(await request.arrayBuffer());
  if (body.byteLength > MAX_BODY_BYTES) throw new PayloadTooLargeError("notification body too large");
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString("utf8"));
  } catch {
    throw new ValidationError("body is not JSON");
  }
  const event = parseRunEvent(payload);
  if (event === undefined)
    throw new ValidationError("not a Databricks job notification (event_type, run.run_id)");
  return event;
}

/** runs/get in the run's workspace: has the run really ended, and is it the job the index recorded? */
async function confirmEnded(deps: RunEventsDeps, entry: RunIndexEntry): Promise<string | undefined> {
  try {
    const run = await deps.runsFor(entry.target).getRun(entry.runId);
    if (run.job_id !== undefined && run.job_id !== entry.jobId) return undefined;
    const outcome = classifyRun(run);
    return outcome === "running" ? undefined : outcome;
  } catch (err) {
    if (err instanceof DatabricksError && err.status === 404) return undefined;
    throw new UpstreamError("runs/get failed while confirming a run event", { cause: err });
  }
}

/**
 * `POST /api/databricks/run-events`: a Databricks job notification wakes the runJob instance watching
 * the run, but only after runs/get in the run's own workspace confirms it ended — the notification only
 * says which run to look at, so a forged or stale one costs one runs/get call and changes nothing.
 * Anything that is not actionable (other event types, unknown runs) is answered 200 so Databricks does
 * not retry it; polling remains the fallback for every lost callback (ADR 0021).
 */
export function createRunEventsHandler(deps: RunEventsDeps): RunEventsHandler {
  return async (request, context, raiser) => {
    let log = deps.logger(context);
    try {
      const auth = deps.auth();
      if (auth === undefined) throw new NotConfiguredError("DATABRICKS_WEBHOOK_USER/PASSWORD");
      if (!basicAuthMatches(request.headers.get("authorization"), auth))
        return {
          ...toHttpResponse(new UnauthorizedError("basic auth required")),
          headers: { "www-authenticate": 'Basic realm="run-events"' },
        };
      const event = await readEvent(request);
      log = log.child({ runId: event.runId, eventType: event.eventType });
      if (!ENDING_EVENTS.has(event.eventType)) return json(200, { status: "ignored", reason: "event type" });
      const index = deps.runIndex();
      if (index === undefined) throw new NotConfiguredError("ORCHESTRATOR_LAKE");
      const entries = (await index.lookup(event.runId)).filter(
        (e) => event.jobId === undefined || e.jobId === event.jobId,
      );
      if (entries.length === 0) {
        log.info("run event for a run no pipeline watches");
        return json(200, { status: "ignored", reason: "unknown run" });
      }
      const raised: string[] = [];
      for (const entry of entries) {
        const outcome = await confirmEnded(deps, entry);
        if (outcome === undefined) continue;
        await raiser.raise(entry.instanceId, RUN_STATE_CHANGED_EVENT, { runId: entry.runId, outcome });
        log.info("run event raised", { instanceId: entry.instanceId, target: entry.target, outcome });
        raised.push(entry.instanceId);
      }
      if (raised.length === 0) return json(200, { status: "ignored", reason: "run not ended" });
      return json(200, { status: "raised", instances: raised });
    } catch (err) {
      if (err instanceof AppError && err.status < 500)
        log.warn("run event rejected", { code: err.code, status: err.status });
      else log.error("run event failed", { code: err instanceof AppError ? err.code : "INTERNAL" });
      return toHttpResponse(err);
    }
  };
}
