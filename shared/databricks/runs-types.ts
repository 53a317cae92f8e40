/** Run shapes of the Jobs API 2.2 (Go SDK service/jobs/model.go). int64 ids are decimal strings. */

export type RunLifeCycleState =
  | "QUEUED"
  | "PENDING"
  | "RUNNING"
  | "TERMINATING"
  | "TERMINATED"
  | "SKIPPED"
  | "INTERNAL_ERROR"
  | "BLOCKED"
  | "WAITING_FOR_RETRY"
  | (string & {});

export type RunResultState =
  | "SUCCESS"
  | "FAILED"
  | "TIMEDOUT"
  | "CANCELED"
  | "MAXIMUM_CONCURRENT_RUNS_REACHED"
  | "EXCLUDED"
  | "SUCCESS_WITH_FAILURES"
  | "UPSTREAM_FAILED"
  | "UPSTREAM_CANCELED"
  | "DISABLED"
  | "EVICTED"
  | "UPSTREAM_EVICTED"
  | (string & {});

/** The legacy `state` field. */
export interface RunState {
  life_cycle_state?: RunLifeCycleState;
  result_state?: RunResultState;
  state_message?: string;
  user_cancelled_or_timedout?: boolean;
  queue_reason?: string;
}

/** The newer `status` field. */
export interface RunStatus {
  state?:
    | "BLOCKED"
    | "PENDING"
    | "QUEUED"
    | "RUNNING"
    | "TERMINATING"
    | "TERMINATED"
    | "WAITING_FOR_RETRY"
    | (string & {});
  termination_details?: {
    code?: string;
    type?: "SUCCESS" | "INTERNAL_ERROR" | "CLIENT_ERROR" | "CLOUD_FAILURE" | (string & {});
    message?: string;
  };
  queue_details?: { code?: string; message?: string };
}

export interface RunTask {
  task_key: string;
  run_id?: string;
  attempt_number?: number;
  state?: RunState;
  status?: RunStatus;
  start_time?: number;
  end_time?: number;
  run_page_url?: string;
  [extra: string]: unknown;
}

export interface RepairHistoryItem {
  id?: string;
  type?: "ORIGINAL" | "REPAIR";
  start_time?: number;
  end_time?: number;
  state?: RunState;
  status?: RunStatus;
  task_run_ids?: string[];
}

/** `Run` from runs/get (and `BaseRun` from runs/list). */
export interface Run {
  run_id: string;
  job_id?: string;
  number_in_job?: string;
  original_attempt_run_id?: string;
  job_run_id?: string;
  run_name?: string;
  run_page_url?: string;
  run_type?: string;
  state?: RunState;
  status?: RunStatus;
  tasks?: RunTask[];
  iterations?: RunTask[];
  job_clusters?: Record<string, unknown>[];
  job_parameters?: { name?: string; default?: string; value?: string }[];
  repair_history?: RepairHistoryItem[];
  start_time?: number;
  end_time?: number;
  attempt_number?: number;
  trigger?: string;
  has_more?: boolean;
  next_page_token?: string;
}

/** `runs/get-output` answer (single-task runs; for multi-task jobs ask per task run id). */
export interface RunOutput {
  metadata?: Run;
  notebook_output?: { result?: string; truncated?: boolean };
  logs?: string;
  logs_truncated?: boolean;
  error?: string;
  error_trace?: string;
  info?: string;
}

/** Response keys holding int64 ids anywhere in Jobs answers. */
export const jobsIdKeys: ReadonlySet<string> = new Set([
  "job_id",
  "run_id",
  "original_attempt_run_id",
  "job_run_id",
  "number_in_job",
  "latest_repair_id",
  "repair_id",
  "task_run_ids",
  "parent_run_id",
  "id",
]);
