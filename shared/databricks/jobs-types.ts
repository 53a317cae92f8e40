/**
 * Jobs API 2.2 shapes (field names as in the Go SDK's service/jobs/model.go). int64 ids are decimal
 * strings. Settings and tasks are open records: bundles pass fields this client does not model.
 */

/** One task; only the fields this code reads are typed, the rest pass through. */
export interface Task {
  task_key: string;
  depends_on?: { task_key: string; outcome?: string }[];
  run_if?:
    | "ALL_SUCCESS"
    | "AT_LEAST_ONE_SUCCESS"
    | "NONE_FAILED"
    | "ALL_DONE"
    | "AT_LEAST_ONE_FAILED"
    | "ALL_FAILED";
  timeout_seconds?: number;
  /** `job_id` is int64: a string here, a number on the wire. */
  run_job_task?: { job_id: string; job_parameters?: Record<string, string>; [extra: string]: unknown };
  [extra: string]: unknown;
}

export interface JobCluster {
  job_cluster_key: string;
  new_cluster?: Record<string, unknown>;
}

export interface JobParameterDefinition {
  name: string;
  default: string;
}

/** `JobSettings`: the body of create, `new_settings` of reset and update. */
export interface JobSettings {
  name?: string;
  tasks?: Task[];
  job_clusters?: JobCluster[];
  parameters?: JobParameterDefinition[];
  environments?: Record<string, unknown>[];
  max_concurrent_runs?: number;
  timeout_seconds?: number;
  queue?: QueueSettings;
  tags?: Record<string, string>;
  [extra: string]: unknown;
}

export interface QueueSettings {
  enabled: boolean;
}

/** `Job` from jobs/get (and `BaseJob` from jobs/list). */
export interface Job {
  job_id: string;
  creator_user_name?: string;
  run_as_user_name?: string;
  created_time?: number;
  settings?: JobSettings;
  has_more?: boolean;
  next_page_token?: string;
}

/** `POST /api/2.2/jobs/run-now` body. */
export interface RunNowRequest {
  job_id: string;
  job_parameters?: Record<string, string>;
  /** ≤64 chars; the same token returns the same run instead of starting another. */
  idempotency_token?: string;
  queue?: QueueSettings;
  only?: string[];
  performance_target?: string;
}

export interface RunNowResponse {
  run_id: string;
  number_in_job?: string;
}

/** `jobs/list` query. */
export interface ListJobsRequest {
  /** Exact name filter (case-insensitive, per the REST docs). */
  name?: string;
  expand_tasks?: boolean;
  limit?: number;
}

/** `jobs/runs/list` query. */
export interface ListRunsRequest {
  job_id?: string;
  active_only?: boolean;
  completed_only?: boolean;
  expand_tasks?: boolean;
  limit?: number;
  run_type?: "JOB_RUN" | "WORKFLOW_RUN" | "SUBMIT_RUN";
  start_time_from?: number;
  start_time_to?: number;
}

/** `POST /api/2.2/jobs/runs/repair` body. */
export interface RepairRunRequest {
  run_id: string;
  /** Required after the first repair: the server rejects a stale value, which makes retries safe. */
  latest_repair_id?: string;
  rerun_tasks?: string[];
  rerun_all_failed_tasks?: boolean;
  rerun_dependent_tasks?: boolean;
  job_parameters?: Record<string, string>;
  performance_target?: string;
}
