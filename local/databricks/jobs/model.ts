/** Stored shapes of jobs and runs (ids are decimal strings; rendered onto the wire by render.ts). */

export interface JobDoc {
  job_id: string;
  created_time: number;
  creator_user_name: string;
  settings: Settings;
}

export type Settings = Record<string, unknown> & { tasks?: TaskSettings[]; name?: string };
export type TaskSettings = Record<string, unknown> & {
  task_key: string;
  depends_on?: { task_key: string; outcome?: string }[];
  run_if?: string;
  timeout_seconds?: number;
};

export type LifeCycle =
  "QUEUED" | "PENDING" | "BLOCKED" | "RUNNING" | "TERMINATING" | "TERMINATED" | "SKIPPED" | "INTERNAL_ERROR";

export interface TaskRunDoc {
  task_key: string;
  run_id: string;
  attempt_number: number;
  life: LifeCycle;
  result?: string;
  message: string;
  start_time: number;
  end_time: number;
  settings: TaskSettings;
}

export interface RepairDoc {
  id: string;
  type: "ORIGINAL" | "REPAIR";
  start_time: number;
  end_time: number;
  life: LifeCycle;
  result?: string;
  task_run_ids: string[];
}

export interface RunDoc {
  run_id: string;
  job_id?: string;
  run_name: string;
  run_type: "JOB_RUN" | "SUBMIT_RUN";
  creator_user_name: string;
  start_time: number;
  end_time: number;
  life: LifeCycle;
  result?: string;
  message: string;
  /** Why the run is QUEUED, or the termination code once it ended (status.termination_details.code). */
  code?: string;
  user_cancelled_or_timedout: boolean;
  job_parameters: Record<string, string>;
  parameter_defaults: Record<string, string>;
  max_concurrent_runs: number;
  timeout_seconds: number;
  tasks: TaskRunDoc[];
  repairs: RepairDoc[];
}

/** Output kept per task run for runs/get-output. */
export interface OutputDoc {
  parent_run_id: string;
  task_key: string;
  logs?: string;
  logs_truncated?: boolean;
  error?: string;
  error_trace?: string;
  notebook_result?: string;
  task_values?: Record<string, unknown>;
}

export const terminal = (life: LifeCycle): boolean =>
  life === "TERMINATED" || life === "SKIPPED" || life === "INTERNAL_ERROR";
export const active = (life: LifeCycle): boolean =>
  life === "PENDING" || life === "RUNNING" || life === "TERMINATING" || life === "BLOCKED";
