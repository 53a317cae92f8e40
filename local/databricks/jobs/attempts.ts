import type { RunDoc, TaskRunDoc } from "./model.js";
import type { RunStore } from "./run-store.js";

/**
 * Task attempts (Jobs API task retries). Databricks lists one entry per attempt in a run's `tasks`, each
 * with its own run id and an `attempt_number` counting from 0; decisions read the newest attempt of each
 * task key.
 */

/** What attempts are attempts of: a task key, or one input of a for_each task. */
const slotOf = (task: TaskRunDoc): string =>
  task.iteration === undefined ? task.task_key : `${task.task_key}#${task.iteration}`;

/** The newest attempt of each task key (or for_each input), in the order they first appear. */
export function latestAttempts(tasks: TaskRunDoc[]): TaskRunDoc[] {
  const latest = new Map<string, TaskRunDoc>();
  for (const task of tasks) {
    const seen = latest.get(slotOf(task));
    if (!seen || task.attempt_number >= seen.attempt_number) latest.set(slotOf(task), task);
  }
  return [...latest.values()];
}

/** The newest attempt of one task key. */
export function latestOf(tasks: TaskRunDoc[], taskKey: string): TaskRunDoc | undefined {
  let found: TaskRunDoc | undefined;
  for (const task of tasks)
    if (task.task_key === taskKey && (!found || task.attempt_number >= found.attempt_number)) found = task;
  return found;
}

/**
 * When a finished attempt is retried: ms to wait before the next attempt starts, or undefined for no retry.
 * A FAILED result is retried while `max_retries` allows (-1: always); TIMEDOUT only with `retry_on_timeout`.
 * `min_retry_interval_millis` counts from the start of the failed attempt, as the Jobs API defines it.
 * Condition tasks are never retried (the API says they do not support retries).
 */
export function retryDelay(task: TaskRunDoc, now: number): number | undefined {
  const s = task.settings;
  if (s.condition_task !== undefined) return undefined;
  const retriable = task.result === "FAILED" || (task.result === "TIMEDOUT" && s.retry_on_timeout === true);
  if (!retriable) return undefined;
  const max = Number(s.max_retries ?? 0);
  if (max !== -1 && task.attempt_number >= max) return undefined;
  const interval = Number(s.min_retry_interval_millis ?? 0);
  return Math.max(0, task.start_time + interval - now);
}

/** The next attempt of a finished task, WAITING_FOR_RETRY, listed next to the attempt it retries. */
export function addRetryAttempt(runs: RunStore, run: RunDoc, task: TaskRunDoc): TaskRunDoc {
  const { iteration_of, iteration = 0 } = task;
  const place = iteration_of === undefined ? {} : { iteration_of, iteration };
  const next = runs.newTaskRun(run.run_id, task.settings, task.attempt_number + 1, place);
  next.life = "WAITING_FOR_RETRY";
  next.message = `Waiting to retry: attempt ${task.attempt_number} ended ${task.result ?? ""}.`;
  const parent = run.tasks.find((t) => t.run_id === iteration_of);
  (parent ? (parent.iterations ??= []) : run.tasks).push(next);
  return next;
}
