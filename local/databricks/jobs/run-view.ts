import { id, idParam, invalid } from "../http.js";
import type { Ctx } from "../router.js";
import type { RunDoc } from "./model.js";
import { findTaskRun, terminal } from "./model.js";
import { runNotFound } from "./not-found.js";
import { pageSlice } from "./paging.js";
import { renderRun, renderTask } from "./render.js";
import type { Deps } from "./run-routes.js";

// runs/get, runs/list and runs/get-output.

/** A run id, or a task run id (answered as that task's run, like Databricks does). */
export function findRun(d: Deps, runId: string): { run: RunDoc; taskRunId?: string } {
  const run = d.scheduler.runs.get(runId);
  if (run) return { run };
  const out = d.scheduler.runs.output(runId);
  const parent = out ? d.scheduler.runs.get(out.parent_run_id) : undefined;
  if (!parent) throw runNotFound(runId);
  return { run: parent, taskRunId: runId };
}

export function getRun(d: Deps, c: Ctx): unknown {
  const { run, taskRunId } = findRun(d, idParam(c.url.searchParams.get("run_id"), "run_id"));
  if (taskRunId !== undefined) return taskAsRun(d, run, taskRunId);
  const page = pageSlice(run.tasks, c.url.searchParams.get("page_token") ?? undefined, 100);
  const out = renderRun(run, d.host(), page.items);
  return page.next === undefined
    ? { ...out, has_more: false }
    : { ...out, has_more: true, next_page_token: page.next };
}

/** A task run answered as a run; a for_each task run lists its iterations, as Databricks does. */
function taskAsRun(d: Deps, run: RunDoc, taskRunId: string): Record<string, unknown> {
  const task = findTaskRun(run, taskRunId);
  if (!task) throw runNotFound(taskRunId);
  const rendered = renderTask(task, d.host());
  return {
    ...rendered,
    job_id: run.job_id === undefined ? undefined : id(run.job_id),
    job_run_id: id(run.run_id),
    parent_run_id: id(run.run_id),
    run_name: task.task_key,
    tasks: [rendered],
    ...(task.iterations ? { iterations: task.iterations.map((t) => renderTask(t, d.host())) } : {}),
  };
}

export function listRuns(d: Deps, c: Ctx): unknown {
  const q = c.url.searchParams;
  const jobId = q.get("job_id") ? idParam(q.get("job_id"), "job_id") : undefined;
  const activeOnly = q.get("active_only") === "true";
  const completedOnly = q.get("completed_only") === "true";
  if (activeOnly && completedOnly) throw invalid("active_only and completed_only cannot both be true.");
  const limit = Math.min(Math.max(Number(q.get("limit") ?? 25) || 25, 1), 25);
  const offset = pageOffset(q.get("page_token")) ?? Number(q.get("offset") ?? 0);
  const { runs, more } = d.scheduler.runs.list(jobId, offset, limit, (r) =>
    activeOnly ? !terminal(r.life) : completedOnly ? terminal(r.life) : true,
  );
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

export function getOutput(d: Deps, c: Ctx): unknown {
  const { run, taskRunId } = findRun(d, idParam(c.url.searchParams.get("run_id"), "run_id"));
  if (taskRunId === undefined && run.tasks.length !== 1) {
    throw invalid(
      "Retrieving the output of runs with multiple tasks is not supported. Please retrieve the output of each individual task run instead.",
    );
  }
  const taskId = taskRunId ?? run.tasks[0]?.run_id ?? "";
  const out = d.scheduler.runs.output(taskId) ?? { parent_run_id: run.run_id, task_key: "" };
  const result: Record<string, unknown> = { metadata: taskAsRun(d, run, taskId) };
  if (out.logs !== undefined)
    Object.assign(result, { logs: out.logs, logs_truncated: out.logs_truncated ?? false });
  if (out.notebook_result !== undefined)
    result.notebook_output = { result: out.notebook_result, truncated: false };
  if (out.run_job_run_id !== undefined) result.run_job_output = { run_id: id(out.run_job_run_id) };
  if (out.error !== undefined)
    Object.assign(result, { error: out.error, error_trace: out.error_trace ?? "" });
  return result;
}
