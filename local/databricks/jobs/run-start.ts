import { id, idParam, invalid } from "../http.js";
import type { Ctx } from "../router.js";
import type { RunDoc, Settings, TaskSettings } from "./model.js";
import { jobRunInput } from "./job-run-input.js";
import type { Deps } from "./run-routes.js";
import { validateTasks } from "./validate.js";

// run-now and runs/submit: the two ways a run starts.

/** Exactly one run per idempotency_token: a repeat answers the first run (synchronous check-and-bind). */
function withToken(d: Deps, token: unknown, start: () => RunDoc): RunDoc {
  if (token !== undefined && (typeof token !== "string" || token.length > 64))
    throw invalid("idempotency_token must be a string of at most 64 characters.");
  const existing = token ? d.scheduler.runs.runForToken(token) : undefined;
  if (existing !== undefined) return d.scheduler.runs.get(existing) ?? start();
  const run = start();
  if (token) d.scheduler.runs.bindToken(token, run.run_id);
  return run;
}

export function runNow(d: Deps, c: Ctx): unknown {
  const body = c.json();
  const job = d.jobs.get(idParam(body.job_id, "job_id"));
  const given = (body.job_parameters ?? {}) as Record<string, unknown>;
  const input = jobRunInput(job, d.user, given, (body.queue as { enabled?: boolean } | undefined)?.enabled);
  input.settings = legacyParams(
    { ...job.settings, tasks: onlyTasks(job.settings.tasks ?? [], body.only) },
    body,
  );
  const run = withToken(d, body.idempotency_token, () => d.scheduler.submit(input));
  return { run_id: id(run.run_id), number_in_job: id(run.run_id) };
}

function onlyTasks(tasks: TaskSettings[], only: unknown): TaskSettings[] {
  if (!Array.isArray(only) || only.length === 0) return tasks;
  const keep = new Set(only.map(String));
  return tasks
    .filter((t) => keep.has(t.task_key))
    .map((t) => ({ ...t, depends_on: (t.depends_on ?? []).filter((dep) => keep.has(dep.task_key)) }));
}

/** python_params / notebook_params of Jobs 2.0 still reach their tasks (bundles and old callers use them). */
function legacyParams(settings: Settings, body: Record<string, unknown>): Settings {
  const python = Array.isArray(body.python_params) ? body.python_params.map(String) : undefined;
  const notebook = (body.notebook_params ?? undefined) as Record<string, string> | undefined;
  if (!python && !notebook) return settings;
  const tasks = (settings.tasks ?? []).map((t) => {
    const out: TaskSettings = { ...t };
    if (python && t.spark_python_task) out.spark_python_task = { ...t.spark_python_task, parameters: python };
    if (notebook && t.notebook_task) {
      const nt = t.notebook_task as { base_parameters?: Record<string, string> };
      out.notebook_task = { ...nt, base_parameters: { ...(nt.base_parameters ?? {}), ...notebook } };
    }
    return out;
  });
  return { ...settings, tasks };
}

export function submit(d: Deps, c: Ctx): unknown {
  const body = c.json();
  const settings = validateTasks(body);
  const run = withToken(d, body.idempotency_token, () =>
    d.scheduler.submit({
      settings,
      runName: typeof body.run_name === "string" ? body.run_name : "Untitled",
      parameters: {},
      defaults: {},
      queue: true,
      user: d.user,
    }),
  );
  return { run_id: id(run.run_id) };
}
