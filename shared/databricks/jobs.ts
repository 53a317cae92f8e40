import type { CallOptions, Transport } from "./http.js";
import { int64 } from "./int64.js";
import type { Job, JobSettings, ListJobsRequest, RunNowRequest, RunNowResponse, Task } from "./jobs-types.js";
import { paginate } from "./pagination.js";
import { createRunsApi, type RunsApi } from "./runs.js";
import { jobsIdKeys as idKeys } from "./runs-types.js";

/** Jobs API 2.2: job definitions and runs. */
export interface JobsApi extends RunsApi {
  /** Never retried: a repeat would create a second job. */
  create(settings: JobSettings, options?: CallOptions): Promise<{ job_id: string }>;
  /** Replaces all settings (idempotent). */
  reset(jobId: string, newSettings: JobSettings, options?: CallOptions): Promise<void>;
  /** Partial update (idempotent). */
  update(
    jobId: string,
    newSettings: JobSettings,
    fieldsToRemove?: string[],
    options?: CallOptions,
  ): Promise<void>;
  /** The job with every page of `tasks`, `job_clusters`, `parameters` and `environments` merged. */
  get(jobId: string, options?: CallOptions): Promise<Job>;
  list(request?: ListJobsRequest, options?: CallOptions): AsyncIterable<Job>;
  delete(jobId: string, options?: CallOptions): Promise<void>;
  /** Retried only when it carries an `idempotency_token` (exactly one run per token). */
  runNow(request: RunNowRequest, options?: CallOptions): Promise<RunNowResponse>;
}

const base = "/api/2.2/jobs";

export function createJobsApi(transport: Transport): JobsApi {
  return {
    ...createRunsApi(transport),
    create: (settings, options) =>
      transport.call({
        ...options,
        method: "POST",
        path: `${base}/create`,
        body: wireSettings(settings),
        idKeys,
      }),
    async reset(jobId, newSettings, options) {
      const body = { job_id: int64(jobId), new_settings: wireSettings(newSettings) };
      await transport.call({ ...options, method: "POST", path: `${base}/reset`, body, idempotent: true });
    },
    async update(jobId, newSettings, fieldsToRemove, options) {
      const body = {
        job_id: int64(jobId),
        new_settings: wireSettings(newSettings),
        fields_to_remove: fieldsToRemove,
      };
      await transport.call({ ...options, method: "POST", path: `${base}/update`, body, idempotent: true });
    },
    get: (jobId, options) => getMerged(transport, jobId, options),
    list: (request = {}, options) =>
      paginate(async (page_token) => {
        const res = await transport.call<{ jobs?: Job[]; next_page_token?: string }>({
          ...options,
          method: "GET",
          path: `${base}/list`,
          query: { ...request, page_token },
          idKeys,
        });
        return { items: res.jobs ?? [], nextPageToken: res.next_page_token };
      }),
    async delete(jobId, options) {
      await transport.call({
        ...options,
        method: "POST",
        path: `${base}/delete`,
        body: { job_id: int64(jobId) },
        idempotent: true,
      });
    },
    runNow: (request, options) =>
      transport.call({
        ...options,
        method: "POST",
        path: `${base}/run-now`,
        idKeys,
        body: { ...request, job_id: int64(request.job_id) },
        idempotent: request.idempotency_token !== undefined && request.idempotency_token !== "",
      }),
  };
}

/** jobs/get pages large jobs (more than 100 tasks or clusters); follow next_page_token and append. */
async function getMerged(transport: Transport, jobId: string, options?: CallOptions): Promise<Job> {
  const fetchPage = (page_token?: string): Promise<Job> =>
    transport.call<Job>({
      ...options,
      method: "GET",
      path: `${base}/get`,
      query: { job_id: jobId, page_token },
      idKeys,
    });
  const job = await fetchPage();
  const settings: JobSettings = { ...job.settings };
  let next = job.next_page_token;
  while (next) {
    const page = await fetchPage(next);
    for (const key of ["tasks", "job_clusters", "parameters", "environments"] as const) {
      const more = page.settings?.[key];
      if (more?.length) settings[key] = [...(settings[key] ?? []), ...more] as never;
    }
    next = page.next_page_token === next ? undefined : page.next_page_token;
  }
  const { next_page_token: _token, has_more: _more, ...rest } = job;
  return { ...rest, settings };
}

/** The only int64 inside settings is `run_job_task.job_id` (also under for_each_task). */
function wireSettings(settings: JobSettings): Record<string, unknown> {
  return settings.tasks ? { ...settings, tasks: settings.tasks.map(wireTask) } : settings;
}

function wireTask(task: Task): Record<string, unknown> {
  const out: Record<string, unknown> = { ...task };
  if (task.run_job_task) out.run_job_task = { ...task.run_job_task, job_id: int64(task.run_job_task.job_id) };
  const forEach = task.for_each_task as { task?: Task } | undefined;
  if (forEach?.task) out.for_each_task = { ...forEach, task: wireTask(forEach.task) };
  return out;
}
