import { id, idParam, invalid } from "../http.js";
import { type Ctx, type Endpoint } from "../router.js";
import type { JobDoc, Settings } from "./model.js";
import type { JobStore } from "./job-store.js";
import { pageSlice } from "./paging.js";
import { validateSettings } from "./validate.js";
import { withReadDefaults } from "./job-defaults.js";

/** Told about every change, so schedules and triggers follow the job (triggers.ts). */
export interface JobEvents {
  changed(job: JobDoc): void;
  deleted(jobId: string): void;
}

const base = "/api/2.2/jobs";
/** jobs/get pages tasks and job_clusters past this many (Jobs API 2.2). */
export const jobPageSize = 100;

export function jobEndpoints(jobs: JobStore, user: string, events: JobEvents): Endpoint[] {
  const put = (job: JobDoc): void => {
    jobs.put(job);
    events.changed(job);
  };
  return [
    { method: "POST", path: `${base}/create`, handler: (c) => create(put, jobs.nextId(), c, user) },
    { method: "POST", path: `${base}/reset`, handler: (c) => reset(jobs, put, c) },
    { method: "POST", path: `${base}/update`, handler: (c) => update(jobs, put, c) },
    { method: "GET", path: `${base}/get`, handler: (c) => getJob(jobs, c) },
    { method: "GET", path: `${base}/list`, handler: (c) => listJobs(jobs, c) },
    {
      method: "POST",
      path: `${base}/delete`,
      handler: (c) => {
        const jobId = idParam(c.json().job_id, "job_id");
        jobs.delete(jobId);
        events.deleted(jobId);
      },
    },
  ];
}

function create(put: (job: JobDoc) => void, jobId: string, c: Ctx, user: string): unknown {
  const settings = validateSettings({ name: "Untitled", ...c.json() });
  const job: JobDoc = { job_id: jobId, created_time: createdTime(), creator_user_name: user, settings };
  put(job);
  return { job_id: id(job.job_id) };
}

let lastCreated = 0;
/** Creation times never repeat, so two jobs created within a millisecond still sort and differ. */
function createdTime(): number {
  lastCreated = Math.max(Date.now(), lastCreated + 1);
  return lastCreated;
}

function reset(jobs: JobStore, put: (job: JobDoc) => void, c: Ctx): void {
  const body = c.json();
  const job = jobs.get(idParam(body.job_id, "job_id"));
  if (typeof body.new_settings !== "object" || body.new_settings === null)
    throw invalid("Missing required field: new_settings");
  put({ ...job, settings: validateSettings({ name: "Untitled", ...(body.new_settings as Settings) }) });
}

/** update merges top-level fields; tasks and job_clusters merge by key, as the Jobs API documents. */
function update(jobs: JobStore, put: (job: JobDoc) => void, c: Ctx): void {
  const body = c.json();
  const job = jobs.get(idParam(body.job_id, "job_id"));
  const patch = (body.new_settings ?? {}) as Settings;
  const next: Settings = { ...job.settings, ...patch };
  for (const [field, key] of [
    ["tasks", "task_key"],
    ["job_clusters", "job_cluster_key"],
  ] as const) {
    if (!Array.isArray(patch[field])) continue;
    const merged = new Map<string, Record<string, unknown>>();
    for (const item of (job.settings[field] ?? []) as Record<string, unknown>[])
      merged.set(String(item[key]), item);
    for (const item of patch[field] as Record<string, unknown>[]) merged.set(String(item[key]), item);
    next[field] = [...merged.values()] as never;
  }
  for (const field of Array.isArray(body.fields_to_remove) ? (body.fields_to_remove as string[]) : [])
    delete next[field];
  put({ ...job, settings: validateSettings(next) });
}

function getJob(jobs: JobStore, c: Ctx): unknown {
  const job = jobs.get(idParam(c.url.searchParams.get("job_id"), "job_id"));
  const token = c.url.searchParams.get("page_token") ?? undefined;
  const tasks = pageSlice(job.settings.tasks ?? [], token, jobPageSize);
  const clusters = pageSlice((job.settings.job_clusters ?? []) as unknown[], token, jobPageSize);
  const more = tasks.next ?? clusters.next;
  const settings = token === undefined ? { ...job.settings } : {};
  // Empty lists are left out, as Databricks (and the Go SDK's omitempty) answer a job without tasks.
  Object.assign(settings, {
    ...(tasks.items.length > 0 ? { tasks: tasks.items } : {}),
    ...(clusters.items.length > 0 ? { job_clusters: clusters.items } : {}),
  });
  return {
    ...wireJob(job, settings),
    has_more: more !== undefined,
    ...(more !== undefined ? { next_page_token: more } : {}),
  };
}

/** A job as jobs/get and jobs/list answer: ids as numbers, settings with Databricks' read defaults. */
export function wireJob(job: JobDoc, stored: Settings): Record<string, unknown> {
  const settings = withReadDefaults(stored);
  const tasks = settings.tasks?.map((t) =>
    t.run_job_task
      ? {
          ...t,
          run_job_task: {
            ...t.run_job_task,
            job_id: id(String((t.run_job_task as { job_id: unknown }).job_id)),
          },
        }
      : t,
  );
  return {
    job_id: id(job.job_id),
    creator_user_name: job.creator_user_name,
    run_as_user_name: job.creator_user_name,
    created_time: job.created_time,
    settings: tasks ? { ...settings, tasks } : settings,
  };
}

function listJobs(jobs: JobStore, c: Ctx): unknown {
  const q = c.url.searchParams;
  const limit = Math.min(Math.max(Number(q.get("limit") ?? 20) || 20, 1), 100);
  const name = q.get("name")?.toLowerCase();
  const expand = q.get("expand_tasks") === "true";
  const matching = jobs
    .all()
    .filter((j) => name === undefined || (j.settings.name ?? "").toLowerCase() === name);
  const page = pageSlice(matching, q.get("page_token") ?? undefined, limit, Number(q.get("offset") ?? 0));
  const out = page.items.map((j) => {
    const { tasks: _t, job_clusters: _c, ...rest } = j.settings;
    return wireJob(j, expand ? j.settings : rest);
  });
  return {
    jobs: out,
    has_more: page.next !== undefined,
    ...(page.next !== undefined ? { next_page_token: page.next } : {}),
  };
}
