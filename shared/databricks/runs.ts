import type { CallOptions, Transport } from "./http.js";
import { int64 } from "./int64.js";
import type { ListRunsRequest, RepairRunRequest } from "./jobs-types.js";
import { paginate } from "./pagination.js";
import { jobsIdKeys as idKeys, type Run, type RunOutput } from "./runs-types.js";

/** Job runs (part of {@link JobsApi}). */
export interface RunsApi {
  /** The run with every page of `tasks` (or `iterations`), `job_clusters`, `job_parameters`, `repair_history`. */
  getRun(runId: string, options?: CallOptions & { includeHistory?: boolean }): Promise<Run>;
  listRuns(request?: ListRunsRequest, options?: CallOptions): AsyncIterable<Run>;
  cancelRun(runId: string, options?: CallOptions): Promise<void>;
  getRunOutput(runId: string, options?: CallOptions): Promise<RunOutput>;
  /** Retried only with `latest_repair_id`, which the server checks, so a repeat cannot repair twice. */
  repairRun(request: RepairRunRequest, options?: CallOptions): Promise<{ repair_id: string }>;
}

const base = "/api/2.2/jobs/runs";

export function createRunsApi(transport: Transport): RunsApi {
  return {
    getRun: (runId, options) => getRunMerged(transport, runId, options),
    listRuns: (request = {}, options) =>
      paginate(async (page_token) => {
        const res = await transport.call<{ runs?: Run[]; next_page_token?: string }>({
          ...options,
          method: "GET",
          path: `${base}/list`,
          query: { ...request, page_token },
          idKeys,
        });
        return { items: res.runs ?? [], nextPageToken: res.next_page_token };
      }),
    async cancelRun(runId, options) {
      await transport.call({
        ...options,
        method: "POST",
        path: `${base}/cancel`,
        body: { run_id: int64(runId) },
        idempotent: true,
      });
    },
    getRunOutput: (runId, options) =>
      transport.call({
        ...options,
        method: "GET",
        path: `${base}/get-output`,
        query: { run_id: runId },
        idKeys,
      }),
    repairRun: (request, options) => {
      const { run_id, latest_repair_id, ...rest } = request;
      const body = {
        ...rest,
        run_id: int64(run_id),
        latest_repair_id: latest_repair_id === undefined ? undefined : int64(latest_repair_id),
      };
      return transport.call({
        ...options,
        method: "POST",
        path: `${base}/repair`,
        body,
        idKeys,
        idempotent: latest_repair_id !== undefined,
      });
    },
  };
}

/** Mirrors the Go SDK's GetRun: a for-each run pages `iterations`, a job run pages `tasks`. */
async function getRunMerged(
  transport: Transport,
  runId: string,
  options?: CallOptions & { includeHistory?: boolean },
): Promise<Run> {
  const { includeHistory, ...call } = options ?? {};
  const fetchPage = (page_token?: string): Promise<Run> =>
    transport.call<Run>({
      ...call,
      method: "GET",
      path: `${base}/get`,
      query: { run_id: runId, include_history: includeHistory, page_token },
      idKeys,
    });
  const run = await fetchPage();
  const iterating = (run.iterations?.length ?? 0) > 0;
  let next = run.next_page_token;
  while (next) {
    const page = await fetchPage(next);
    if (iterating) run.iterations = [...(run.iterations ?? []), ...(page.iterations ?? [])];
    else run.tasks = [...(run.tasks ?? []), ...(page.tasks ?? [])];
    run.job_clusters = [...(run.job_clusters ?? []), ...(page.job_clusters ?? [])];
    run.job_parameters = [...(run.job_parameters ?? []), ...(page.job_parameters ?? [])];
    run.repair_history = [...(run.repair_history ?? []), ...(page.repair_history ?? [])];
    next = page.next_page_token === next ? undefined : page.next_page_token;
  }
  delete run.next_page_token;
  delete run.has_more;
  return run;
}
