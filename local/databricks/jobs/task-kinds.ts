import { evaluateCondition } from "./condition.js";
import type { RunDoc, TaskRunDoc, TaskSettings } from "./model.js";
import type { StopReason, TaskEnd } from "./task-process.js";

/** Task kinds the emulator runs: three as Python processes, three inside the emulator. */
export const processKinds = ["spark_python_task", "notebook_task", "python_wheel_task"] as const;
export const inProcessKinds = ["condition_task", "for_each_task", "run_job_task"] as const;
export type TaskKind = (typeof processKinds)[number] | (typeof inProcessKinds)[number];

/** What the task runner needs from the scheduler for run_job_task (runs of other jobs) and run ends. */
export interface RunnerHooks {
  onRunDone(run: RunDoc): void;
  /** Starts a run of `jobId` for a run_job_task; returns its run id, throws if the job cannot run. */
  startChild(run: RunDoc, task: TaskRunDoc, jobId: string, parameters: Record<string, string>): string;
  stopChild(childRunId: string, reason: StopReason): void;
}

const text = (v: unknown): string => (typeof v === "string" ? v : "");

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The task's kind (validation has made sure there is exactly one). */
export function taskKind(task: TaskSettings): TaskKind | undefined {
  return [...processKinds, ...inProcessKinds].find((k) => task[k] !== undefined);
}

/** condition_task: evaluated at once; the outcome is kept for dependents and runs/get. */
export function conditionEnd(task: TaskRunDoc, spec: Record<string, unknown>): TaskEnd {
  const outcome = evaluateCondition(text(spec.op), text(spec.left), text(spec.right));
  if (outcome instanceof Error) return { result: "FAILED", message: outcome.message };
  task.outcome = outcome;
  return { result: "SUCCESS", message: "" };
}

/** run_job_task: starts the other job with the (resolved) job_parameters; the task ends with that run. */
export function startRunJob(
  hooks: RunnerHooks,
  run: RunDoc,
  task: TaskRunDoc,
  spec: Record<string, unknown>,
): TaskEnd | undefined {
  const given = isRecord(spec.job_parameters) ? spec.job_parameters : {};
  const parameters = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, String(v)]));
  try {
    task.child_run_id = hooks.startChild(run, task, String(spec.job_id), parameters);
    return undefined;
  } catch (e) {
    return { result: "FAILED", message: `The job could not be triggered: ${(e as Error).message}` };
  }
}

/** The result a run_job_task takes from the run it started. */
export function childEnd(childRunId: string, childResult: string | undefined): TaskEnd {
  const result = childResult === "SUCCESS" || childResult === "CANCELED" ? childResult : "FAILED";
  const message =
    result === "SUCCESS"
      ? ""
      : `Run ${childRunId} of the triggered job ended ${childResult ?? "without a result"}.`;
  return { result, message };
}
