import type { Clock } from "../../../shared/databricks/clock.js";
import { addRetryAttempt, latestAttempts, retryDelay } from "./attempts.js";
import type { ExecutorEnv } from "./executor.js";
import {
  beginForEach,
  type IterationHost,
  pumpIterations,
  stopIterations,
  stopMessage,
} from "./for-each-runner.js";
import { endTask, type RunDoc, type TaskRunDoc, type TaskSettings, terminal } from "./model.js";
import { skipMessage, taskDecision } from "./policy.js";
import type { RunStore } from "./run-store.js";
import { resolvedSettings } from "./task-context.js";
import { conditionEnd, isRecord, type RunnerHooks, startRunJob, taskKind } from "./task-kinds.js";
import { ProcessTasks, type StopReason, type TaskEnd } from "./task-process.js";
import { Timers } from "./task-timers.js";

const injectedFailure: TaskEnd = {
  result: "FAILED",
  message: "Injected failure: the task failed without running.",
};

/**
 * Task-level execution: dependencies and run_if, task timeouts, retries (a new attempt after
 * WAITING_FOR_RETRY), for_each iterations, and dispatch by task kind (see task-kinds.ts).
 */
export class TaskRunner implements IterationHost {
  private readonly processes: ProcessTasks;
  private readonly timers: Timers;
  private readonly stopReasons = new Map<string, StopReason>();
  private readonly injected = new Set<string>();
  private closing = false;

  constructor(
    private readonly runs: RunStore,
    exec: ExecutorEnv,
    runsDir: string,
    private readonly hooks: RunnerHooks,
    clock: Clock,
  ) {
    this.processes = new ProcessTasks(runs, exec, runsDir);
    this.timers = new Timers(clock);
  }

  newIteration(run: RunDoc, parent: TaskRunDoc, settings: TaskSettings, index: number): TaskRunDoc {
    return this.runs.newTaskRun(run.run_id, settings, 0, { iteration_of: parent.run_id, iteration: index });
  }

  /** Starts every task whose upstream is done (or settles it by run_if); ends the run when all are done. */
  advance(run: RunDoc, injectFailure = false): void {
    if (injectFailure) this.injected.add(run.run_id);
    for (let changed = true; changed;) {
      changed = false;
      for (const task of latestAttempts(run.tasks)) {
        if (task.life !== "PENDING" && task.life !== "BLOCKED") continue;
        const decision = taskDecision(run.tasks, task);
        if (decision === "BLOCKED") task.life = "BLOCKED";
        else if (decision === "run") this.start(run, task);
        else endTask(task, decision, skipMessage(decision));
        changed ||= decision !== "BLOCKED";
      }
    }
    this.runs.save(run);
    if (latestAttempts(run.tasks).every((t) => terminal(t.life))) this.hooks.onRunDone(run);
  }

  start(run: RunDoc, task: TaskRunDoc): void {
    task.life = "RUNNING";
    task.start_time = Date.now();
    if (run.life === "TERMINATING") return endTask(task, "CANCELED", "Run cancelled.");
    if (this.closing) return endTask(task, "FAILED", "The emulator stopped before the task started.");
    if (this.injected.delete(run.run_id)) return this.finishTask(run, task, injectedFailure);
    const timeout = Number(task.settings.timeout_seconds ?? 0);
    this.timers.timeout(task.run_id, timeout, () => this.stopTask(run, task, "TIMEDOUT"));
    const resolved = resolvedSettings(run, task, this.processes.taskValuesDir(run));
    const kind = taskKind(resolved);
    const spec = isRecord(resolved[kind ?? ""]) ? (resolved[kind ?? ""] as Record<string, unknown>) : {};
    const end =
      kind === "condition_task"
        ? conditionEnd(task, spec)
        : kind === "for_each_task"
          ? beginForEach(this, run, task, spec)
          : kind === "run_job_task"
            ? startRunJob(this.hooks, run, task, spec)
            : this.processes.start(run, task, resolved, (e) => this.asyncEnd(run, task, e));
    if (end) this.finishTask(run, task, end);
  }

  /** Ends a task and, if its retry policy allows, queues the next attempt (WAITING_FOR_RETRY). */
  finishTask(run: RunDoc, task: TaskRunDoc, end: TaskEnd): void {
    this.timers.clear(task.run_id);
    endTask(task, end.result, end.message);
    const wait = this.closing || run.life === "TERMINATING" ? undefined : retryDelay(task, Date.now());
    if (wait === undefined) return;
    const next = addRetryAttempt(this.runs, run, task);
    this.timers.wait(next.run_id, wait, () => {
      next.life = "PENDING";
      this.afterEnd(run, next);
    });
  }

  /** Stops one task (cancel or timeout); true while it still has to end (a process or a child run). */
  stopTask(run: RunDoc, task: TaskRunDoc, reason: StopReason): boolean {
    if (terminal(task.life)) return false;
    if (task.life !== "RUNNING") {
      this.timers.clear(task.run_id);
      endTask(task, "CANCELED", "Run cancelled.");
      return false;
    }
    if (this.processes.stop(task.run_id, reason)) return true;
    this.stopReasons.set(task.run_id, reason);
    if (task.child_run_id !== undefined) {
      this.hooks.stopChild(task.child_run_id, reason);
      return true;
    }
    if (stopIterations(this, run, task, reason)) return true;
    this.finishTask(run, task, {
      result: this.takeStopReason(task.run_id) ?? reason,
      message: stopMessage(reason),
    });
    return false;
  }

  stopAll(run: RunDoc, reason: StopReason): void {
    let live = 0;
    for (const task of latestAttempts(run.tasks)) if (this.stopTask(run, task, reason)) live++;
    this.runs.save(run);
    if (live === 0) this.hooks.onRunDone(run);
  }

  takeStopReason(taskRunId: string): StopReason | undefined {
    const reason = this.stopReasons.get(taskRunId);
    this.stopReasons.delete(taskRunId);
    return reason;
  }

  async killAll(): Promise<void> {
    // No new processes once shutdown began (an ALL_DONE dependent would otherwise start after the kill).
    this.closing = true;
    this.timers.clearAll();
    await this.processes.killAll();
  }

  /** Ends a task whose work finished outside the start call (a process, a child run) and moves on. */
  asyncEnd(run: RunDoc, task: TaskRunDoc, end: TaskEnd): void {
    this.finishTask(run, task, end);
    this.afterEnd(run, task);
  }

  private afterEnd(run: RunDoc, task: TaskRunDoc): void {
    const parent = run.tasks.find((t) => t.run_id === task.iteration_of);
    if (parent) pumpIterations(this, run, parent);
    this.advance(run);
  }
}
