import { invalid } from "../http.js";
import type { JobDoc, RunDoc, Settings, TriggerType } from "./model.js";

/** What starts a run: a job (run-now) or bare settings (runs/submit). */
export interface SubmitInput {
  job?: JobDoc;
  settings: Settings;
  runName: string;
  parameters: Record<string, string>;
  defaults: Record<string, string>;
  queue: boolean;
  user: string;
  /** ONE_TIME unless a schedule (PERIODIC) or a run_job_task (RUN_JOB_TASK) started it. */
  trigger?: TriggerType;
  parent?: RunDoc["parent"];
}

/** A fresh PENDING run without task runs (the scheduler adds them, since they need ids and outputs). */
export function newRun(input: SubmitInput, nextId: () => string): RunDoc {
  if (!Array.isArray(input.settings.tasks) || input.settings.tasks.length === 0)
    throw invalid("The job has no tasks to run.");
  const jobId = input.job?.job_id;
  const run: RunDoc = {
    run_id: nextId(),
    run_name: input.runName,
    run_type: jobId === undefined ? "SUBMIT_RUN" : "JOB_RUN",
    creator_user_name: input.user,
    start_time: Date.now(),
    end_time: 0,
    life: "PENDING",
    message: "",
    user_cancelled_or_timedout: false,
    job_parameters: input.parameters,
    parameter_defaults: input.defaults,
    max_concurrent_runs: Number(input.settings.max_concurrent_runs ?? 1),
    timeout_seconds: Number(input.settings.timeout_seconds ?? 0),
    tasks: [],
    repairs: [],
  };
  if (jobId !== undefined) run.job_id = jobId;
  if (input.trigger !== undefined) run.trigger = input.trigger;
  if (input.parent !== undefined) run.parent = input.parent;
  return run;
}
