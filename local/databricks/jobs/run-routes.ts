import { id, idParam, invalid } from "../http.js";
import type { Ctx, Endpoint } from "../router.js";
import type { JobStore } from "./job-routes.js";
import type { RunDoc, Settings, TaskSettings } from "./model.js";
import { terminal } from "./model.js";
import { pageSlice } from "./paging.js";
import { renderRun, renderTask } from "./render.js";
import { repair } from "./repair.js";
import { runNotFound } from "./not-found.js";
import type { Scheduler } from "./scheduler.js";

const base = "/api/2.2/jobs";

interface Deps {
  jobs: JobStore;
  scheduler: Scheduler;
  user: string;
  host: () => string;
}


export function runEndpoints(d: Deps): Endpoint[] {
  return [
    { method: "POST", path: `${base}/run-now`, handler: (c) => runNow(d, c) },
    { method: "POST", path: `${base}/runs/submit`, handler: (c) => submit(d, c) },
    { method: "GET", path: `${base}/runs/get`, handler: (c) => getRun(d, c) },
    { method: "GET", path: `${base}/runs/list`, handler: (c) => listRuns(d, c) },
    { method: "POST", path: `${base}/runs/cancel`, handler: (c) => cancel(d, idParam(c.json().run_id, "run_id")) },
    { method: "POST", path: `${base}/runs/cancel-all`, handler: (c) => cancelAll(d, c) },
    { method: "GET", path: `${base}/runs/get-output`, handler: (c) => getOutput(d, c) },
    { method: "POST", path: `${base}/runs/repair`, handler: (c) => repair(d.scheduler, c) },
  ];
}

/** Exactly one run per idempotency_token: a repeat answers the first run (synchronous check-and-bind). */
function withToken(d: Deps, token: unknown, start: () => RunDoc): RunDoc {
  if (token !== undefined && (typeof token !== "string" || token.length > 64)) throw invalid("idempotency_token must be a string of at most 64 characters.");
  const existing = token ? d.scheduler.runs.runForToken(token) : undefined;
  if (existing !== undefined) return d.scheduler.runs.get(existing) ?? start();
  const run = start();
  if (token) d.scheduler.runs.bindToken(token, run.run_id);
  return run;
}

function runNow(d: Deps, c: Ctx): unknown {
  const body = c.json();
  const job = d.jobs.get(idParam(body.job_id, "job_id"));
  const defaults = Object.fromEntries(((job.settings.parameters ?? []) as { name: string; default: string }[]).map((p) => [p.name, p.default]));
  const given = (body.job_parameters ?? {}) as Record<string, unknown>;
  const parameters = { ...defaults, ...Object.fromEntries(Object.entries(given).map(([k, v]) => [k, String(v)])) };
  const settings = legacyParams({ ...job.settings, tasks: onlyTasks(job.settings.tasks ?? [], body.only) }, body);
  const queue = (body.queue as { enabled?: boolean } | undefined)?.enabled ?? (job.settings.queue as { enabled?: boolean } | undefined)?.enabled ?? true;
  const run = withToken(d, body.idempotency_token, () =>
    d.scheduler.submit({ job, settings, runName: job.settings.name ?? "Untitled", parameters, defaults, queue, user: d.user }),
  );
  return { run_id: id(run.run_id), number_in_job: id(run.run_id) };
}

function onlyTasks(tasks: TaskSettings[], only: unknown): TaskSettings[] {
  if (!Array.isArray(only) || only.length === 0) return tasks;
  const keep = new Set(only.map(String));
  return tasks.filter((t) => keep.has(t.task_key)).map((t) => ({ ...t, depends_on: (t.depends_on ?? []).filter((dep) => keep.has(dep.task_key)) }));
}

/** python_params / notebook_params of Jobs 2.0 still reach their tasks (bundles and old callers use them). */
function legacyParams(settings: Settings, body: Record<string, unknown>): Settings {
  const python = Array.isArray(body.python_params) ? body.python_params.map(String) : undefined;
  const notebook = (body.notebook_params ?? undefined) as Record<string, string> | undefined;
  if (!python && !notebook) return settings;
  const tasks = (settings.tasks ?? []).map((t) => {
    const out: TaskSettings = { ...t };
    if (python && t.spark_python_task) out.spark_python_task = { ...(t.spark_python_task), parameters: python };
    if (notebook && t.notebook_task) {
      const nt = t.notebook_task as { base_parameters?: Record<string, string> };
      out.notebook_task = { ...nt, base_parameters: { ...(nt.base_parameters ?? {}), ...notebook } };
    }
    return out;
  });
  return { ...settings, tasks };
}

function submit(d: Deps, c: Ctx): unknown {
  const body = c.json();
  const settings = body as Settings;
  const run = withToken(d, body.idempotency_token, () =>
    d.scheduler.submit({ settings, runName: typeof body.run_name === "string" ? body.run_name : "Untitled", parameters: {}, defaults: {}, queue: true, user: d.user }),
  );
  return { run_id: id(run.run_id) };
}

/** A run id, or a task run id (answered as that task's run, like Databricks does). */
function findRun(d: Deps, runId: string): { run: RunDoc; taskRunId?: string } {
  const run = d.scheduler.runs.get(runId);
  if (run) return { run };
  const out = d.scheduler.output(runId);
  const parent = out ? d.scheduler.runs.get(out.parent_run_id) : undefined;
  if (!parent) throw runNotFound(runId);
  return { run: parent, taskRunId: runId };
}

function getRun(d: Deps, c: Ctx): unknown {
  const { run, taskRunId } = findRun(d, idParam(c.url.searchParams.get("run_id"), "run_id"));
  if (taskRunId !== undefined) return taskAsRun(d, run, taskRunId);
  const page = pageSlice(run.tasks, c.url.searchParams.get("page_token") ?? undefined, 100);
  const out = renderRun(run, d.host(), page.items);
  return page.next === undefined ? { ...out, has_more: false } : { ...out, has_more: true, next_page_token: page.next };
}

function taskAsRun(d: Deps, run: RunDoc, taskRunId: string): Record<string, unknown> {
  const task = run.tasks.find((t) => t.run_id === taskRunId);
  if (!task) throw runNotFound(taskRunId);
  const rendered = renderTask(task, d.host());
  return { ...rendered, job_id: run.job_id === undefined ? undefined : id(run.job_id), parent_run_id: id(run.run_id), run_name: task.task_key, tasks: [rendered] };
}

function listRuns(d: Deps, c: Ctx): unknown {
  const q = c.url.searchParams;
  const jobId = q.get("job_id") ? idParam(q.get("job_id"), "job_id") : undefined;
  const activeOnly = q.get("active_only") === "true";
  const completedOnly = q.get("completed_only") === "true";
  if (activeOnly && completedOnly) throw invalid("active_only and completed_only cannot both be true.");
  const limit = Math.min(Math.max(Number(q.get("limit") ?? 25) || 25, 1), 25);
  const offset = pageOffset(q.get("page_token")) ?? Number(q.get("offset") ?? 0);
  const { runs, more } = d.scheduler.runs.list(jobId, offset, limit, (r) => (activeOnly ? !terminal(r.life) : completedOnly ? terminal(r.life) : true));
  const expand = q.get("expand_tasks") === "true";
  const out = runs.map((r) => {
    const rendered = renderRun(r, d.host());
    if (!expand) delete rendered.tasks;
    return rendered;
  });
  const next = more ? Buffer.from(`o:${offset + limit}`).toString("base64url") : undefined;
  return { runs: out, has_more: more, ...(next ? { next_page_token: next } : {}) };
}

function pageOffset(token: string | null): number | undefined {
  if (!token) return undefined;
  const m = /^o:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (!m?.[1]) throw invalid("Invalid page_token.");
  return Number(m[1]);
}

function cancel(d: Deps, runId: string): void {
  const { run } = findRun(d, runId);
  if (!terminal(run.life)) d.scheduler.stop(run.run_id, "CANCELED");
}

function cancelAll(d: Deps, c: Ctx): void {
  const jobId = idParam(c.json().job_id, "job_id");
  const { runs } = d.scheduler.runs.list(jobId, 0, Number.MAX_SAFE_INTEGER, (r) => !terminal(r.life));
  for (const run of runs) d.scheduler.stop(run.run_id, "CANCELED");
}

function getOutput(d: Deps, c: Ctx): unknown {
  const { run, taskRunId } = findRun(d, idParam(c.url.searchParams.get("run_id"), "run_id"));
  if (taskRunId === undefined && run.tasks.length !== 1) {
    throw invalid("Retrieving the output of runs with multiple tasks is not supported. Please retrieve the output of each individual task run instead.");
  }
  const taskId = taskRunId ?? run.tasks[0]?.run_id ?? "";
  const out = d.scheduler.output(taskId) ?? { parent_run_id: run.run_id, task_key: "" };
  const result: Record<string, unknown> = { metadata: taskAsRun(d, run, taskId) };
  if (out.logs !== undefined) Object.assign(result, { logs: out.logs, logs_truncated: out.logs_truncated ?? false });
  if (out.notebook_result !== undefined) result.notebook_output = { result: out.notebook_result, truncated: false };
  if (out.error !== undefined) Object.assign(result, { error: out.error, error_trace: out.error_trace ?? "" });
  return result;
}
