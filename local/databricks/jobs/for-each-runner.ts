import { latestAttempts } from "./attempts.js";
import { forEachResult, parseInputs, withInput } from "./for-each.js";
import { endTask, type RunDoc, type TaskRunDoc, type TaskSettings, terminal } from "./model.js";
import type { StopReason, TaskEnd } from "./task-process.js";

/** What the for_each runner needs from the task runner (iterations are tasks like any other). */
export interface IterationHost {
  newIteration(run: RunDoc, parent: TaskRunDoc, settings: TaskSettings, index: number): TaskRunDoc;
  start(run: RunDoc, task: TaskRunDoc): void;
  finishTask(run: RunDoc, task: TaskRunDoc, end: TaskEnd): void;
  stopTask(run: RunDoc, task: TaskRunDoc, reason: StopReason): boolean;
  /** Why the task was stopped (cancel or timeout), consumed once. */
  takeStopReason(taskRunId: string): StopReason | undefined;
}

/** Creates one iteration per input and starts the first ones; returns an end at once on bad inputs. */
export function beginForEach(
  host: IterationHost,
  run: RunDoc,
  task: TaskRunDoc,
  spec: Record<string, unknown>,
): TaskEnd | undefined {
  const inputs = parseInputs(typeof spec.inputs === "string" ? spec.inputs : JSON.stringify(spec.inputs));
  if (inputs instanceof Error) return { result: "FAILED", message: inputs.message };
  // The nested task keeps its unresolved references; `{{input}}` is the only one bound here.
  const nested = (task.settings.for_each_task as { task: TaskSettings }).task;
  task.iterations = inputs.map((input, i) => host.newIteration(run, task, withInput(nested, input), i));
  pumpIterations(host, run, task);
  return undefined;
}

/** Starts pending iterations up to `concurrency`; ends the for_each task once every input is done. */
export function pumpIterations(host: IterationHost, run: RunDoc, parent: TaskRunDoc): void {
  if (terminal(parent.life)) return;
  const iterations = parent.iterations ?? [];
  const concurrency = Math.max(
    1,
    Number((parent.settings.for_each_task as { concurrency?: number }).concurrency ?? 1),
  );
  for (;;) {
    const latest = latestAttempts(iterations);
    const busy = latest.filter((t) => t.life === "RUNNING" || t.life === "WAITING_FOR_RETRY").length;
    const next = latest.find((t) => t.life === "PENDING");
    if (next === undefined || busy >= concurrency) break;
    host.start(run, next);
  }
  const done = forEachResult(iterations);
  if (done === undefined) return;
  const reason = host.takeStopReason(parent.run_id);
  host.finishTask(run, parent, reason ? { result: reason, message: stopMessage(reason) } : done);
}

/** Stops every live iteration; true while some still have to end (their end pumps the parent). */
export function stopIterations(
  host: IterationHost,
  run: RunDoc,
  parent: TaskRunDoc,
  reason: StopReason,
): boolean {
  let live = false;
  for (const it of latestAttempts(parent.iterations ?? [])) {
    if (terminal(it.life)) continue;
    if (host.stopTask(run, it, reason)) live = true;
    else if (!terminal(it.life)) endTask(it, "CANCELED", "Run cancelled.");
  }
  return live;
}

export const stopMessage = (reason: StopReason): string =>
  reason === "TIMEDOUT" ? "Task timed out." : "Run cancelled.";
