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
  | "QUEUED"
  | "PENDING"
  | "BLOCKED"
  | "WAITING_FOR_RETRY"
  | "RUNNING"
  | "TERMINATING"
  | "TERMINATED"
  | "SKIPPED"
  | "INTERNAL_ERROR";

/** What started a run (Jobs API TriggerType). */
export type TriggerType = "ONE_TIME" | "PERIODIC" | "RUN_JOB_TASK";

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
  /** condition_task: "true" or "false" once evaluated. */
  outcome?: string;
  /** for_each_task: one task run per input (and per retry attempt of an input). */
  iterations?: TaskRunDoc[];
  /** for_each iterations: the for_each task run they belong to, and which input they got (from 0). */
  iteration_of?: string;
  iteration?: number;
  /** run_job_task: the run it started. */
  child_run_id?: string;
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
  /** Every attempt of every task, in creation order (Databricks lists one entry per attempt). */
  tasks: TaskRunDoc[];
  repairs: RepairDoc[];
  trigger?: TriggerType;
  /** For a run started by a run_job_task: the parent run and its task run. */
  parent?: { run_id: string; task_run_id: string };
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
  /** run_job_task: the run it started (run_job_output.run_id). */
  run_job_run_id?: string;
  task_values?: Record<string, unknown>;
}

export const terminal = (life: LifeCycle): boolean =>
  life === "TERMINATED" || life === "SKIPPED" || life === "INTERNAL_ERROR";
export const active = (life: LifeCycle): boolean =>
  life === "PENDING" || life === "RUNNING" || life === "TERMINATING" || life === "BLOCKED";

/** Marks a task run ended (terminal life, result, message, end time). */
export function endTask(
  task: TaskRunDoc,
  result: string,
  message: string,
  life: LifeCycle = "TERMINATED",
): void {
  task.life = life;
  task.result = result;
  task.message = message;
  task.end_time = Date.now();
  if (task.start_time === 0) task.start_time = task.end_time;
}

/** A task run of the run by its id: an attempt of a task, or a for_each iteration. */
export function findTaskRun(run: RunDoc, taskRunId: string): TaskRunDoc | undefined {
  return [...run.tasks, ...run.tasks.flatMap((t) => t.iterations ?? [])].find((t) => t.run_id === taskRunId);
}
