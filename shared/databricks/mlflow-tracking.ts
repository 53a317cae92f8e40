import type { CallOptions, Transport } from "./http.js";
import type {
  CreateRunRequest,
  Experiment,
  KeyValue,
  LogBatchRequest,
  Metric,
  MlflowRun,
  SearchRunsRequest,
} from "./mlflow-types.js";
import { paginate } from "./pagination.js";

/** MLflow tracking: experiments, runs, metrics. */
export interface MlflowTrackingApi {
  getExperimentByName(name: string, options?: CallOptions): Promise<Experiment>;
  /** Not retried: a repeat would answer RESOURCE_ALREADY_EXISTS. */
  createExperiment(
    name: string,
    extra?: { artifact_location?: string; tags?: KeyValue[] },
    options?: CallOptions,
  ): Promise<{ experiment_id: string }>;
  getExperiment(experimentId: string, options?: CallOptions): Promise<Experiment>;
  getRun(runId: string, options?: CallOptions): Promise<MlflowRun>;
  searchRuns(request: SearchRunsRequest, options?: CallOptions): AsyncIterable<MlflowRun>;
  /** Not retried: a repeat would create a second run. */
  createRun(request: CreateRunRequest, options?: CallOptions): Promise<MlflowRun>;
  /** Not retried: metrics are appended, so a repeat would duplicate history points. */
  logBatch(request: LogBatchRequest, options?: CallOptions): Promise<void>;
  setRunTag(runId: string, key: string, value: string, options?: CallOptions): Promise<void>;
  getMetricHistory(runId: string, metricKey: string, options?: CallOptions): AsyncIterable<Metric>;
}

const base = "/api/2.0/mlflow";

export function createMlflowTrackingApi(t: Transport): MlflowTrackingApi {
  return {
    async getExperimentByName(name, options) {
      const res = await t.call<{ experiment: Experiment }>({
        ...options,
        method: "GET",
        path: `${base}/experiments/get-by-name`,
        query: { experiment_name: name },
      });
      return res.experiment;
    },
    createExperiment: (name, extra, options) =>
      t.call({ ...options, method: "POST", path: `${base}/experiments/create`, body: { name, ...extra } }),
    async getExperiment(experimentId, options) {
      const res = await t.call<{ experiment: Experiment }>({
        ...options,
        method: "GET",
        path: `${base}/experiments/get`,
        query: { experiment_id: experimentId },
      });
      return res.experiment;
    },
    async getRun(runId, options) {
      const res = await t.call<{ run: MlflowRun }>({
        ...options,
        method: "GET",
        path: `${base}/runs/get`,
        query: { run_id: runId },
      });
      return res.run;
    },
    searchRuns: (request, options) =>
      paginate(async (page_token) => {
        // A search reads only, so the POST is safe to repeat.
        const res = await t.call<{ runs?: MlflowRun[]; next_page_token?: string }>({
          ...options,
          method: "POST",
          path: `${base}/runs/search`,
          body: { ...request, page_token },
          idempotent: true,
        });
        return { items: res.runs ?? [], nextPageToken: res.next_page_token };
      }),
    async createRun(request, options) {
      const res = await t.call<{ run: MlflowRun }>({
        ...options,
        method: "POST",
        path: `${base}/runs/create`,
        body: request,
      });
      return res.run;
    },
    async logBatch(request, options) {
      await t.call({ ...options, method: "POST", path: `${base}/runs/log-batch`, body: request });
    },
    async setRunTag(runId, key, value, options) {
      await t.call({
        ...options,
        method: "POST",
        path: `${base}/runs/set-tag`,
        body: { run_id: runId, key, value },
        idempotent: true,
      });
    },
    getMetricHistory: (runId, metricKey, options) =>
      paginate(async (page_token) => {
        const res = await t.call<{ metrics?: Metric[]; next_page_token?: string }>({
          ...options,
          method: "GET",
          path: `${base}/metrics/get-history`,
          query: { run_id: runId, metric_key: metricKey, page_token },
        });
        return { items: res.metrics ?? [], nextPageToken: res.next_page_token };
      }),
  };
}
