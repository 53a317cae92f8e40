import { join } from "node:path";
import { readValues } from "./task-context.js";
import { type ExecutorEnv, startTask, type TaskOutcome } from "./executor.js";
import type { RunDoc, TaskRunDoc, TaskSettings } from "./model.js";
import type { ProcessHandle } from "./process.js";
import type { RunStore } from "./run-store.js";

export type StopReason = "CANCELED" | "TIMEDOUT";

/** How a task ended: its result state and state message. */
export interface TaskEnd {
  result: string;
  message: string;
}

/**
 * Tasks that run as a Python process (spark_python_task, notebook_task, python_wheel_task): start, kill
 * (cancel or task timeout), and the output runs/get-output serves.
 */
export class ProcessTasks {
  private readonly procs = new Map<string, { handle: ProcessHandle; done: Promise<void> }>();
  private readonly killReason = new Map<string, StopReason>();

  constructor(
    private readonly runs: RunStore,
    private readonly exec: ExecutorEnv,
    private readonly runsDir: string,
  ) {}

  taskValuesDir(run: RunDoc): string {
    return join(this.runsDir, run.run_id, "taskvalues");
  }

  /** Starts the process; `onEnd` is called once it exited. Returns an end at once if it cannot start. */
  start(
    run: RunDoc,
    task: TaskRunDoc,
    resolved: TaskSettings,
    onEnd: (end: TaskEnd) => void,
  ): TaskEnd | undefined {
    const workDir = join(this.runsDir, run.run_id, task.run_id);
    const taskValuesDir = this.taskValuesDir(run);
    const notebook = resolved.notebook_task as { base_parameters?: Record<string, string> } | undefined;
    const parameters = { ...(notebook?.base_parameters ?? {}), ...run.job_parameters };
    let started: ReturnType<typeof startTask>;
    try {
      started = startTask(this.exec, { task: resolved, workDir, taskValuesDir, parameters });
    } catch (e) {
      return { result: "FAILED", message: (e as Error).message };
    }
    const done = started.outcome.then((outcome) => {
      this.procs.delete(task.run_id);
      onEnd(this.settle(run, task, outcome, taskValuesDir));
    });
    this.procs.set(task.run_id, { handle: started.handle, done });
    return undefined;
  }

  /** Kills the task's process; false when it has none running. */
  stop(taskRunId: string, reason: StopReason): boolean {
    const proc = this.procs.get(taskRunId);
    if (!proc) return false;
    this.killReason.set(taskRunId, reason);
    proc.handle.kill();
    return true;
  }

  async killAll(): Promise<void> {
    for (const proc of this.procs.values()) proc.handle.kill();
    await Promise.allSettled([...this.procs.values()].map((p) => p.done));
  }

  private settle(run: RunDoc, task: TaskRunDoc, outcome: TaskOutcome, taskValuesDir: string): TaskEnd {
    const reason = this.killReason.get(task.run_id);
    this.killReason.delete(task.run_id);
    const result = reason ?? (outcome.ok ? "SUCCESS" : "FAILED");
    const message =
      reason === "TIMEDOUT"
        ? "Task timed out."
        : reason === "CANCELED"
          ? "Run cancelled."
          : (outcome.error ?? "");
    this.runs.saveOutput(task.run_id, {
      parent_run_id: run.run_id,
      task_key: task.task_key,
      logs: outcome.logs,
      logs_truncated: outcome.logsTruncated,
      ...(outcome.notebookResult !== undefined ? { notebook_result: outcome.notebookResult } : {}),
      ...(result === "FAILED"
        ? { error: outcome.error ?? message, error_trace: outcome.errorTrace ?? "" }
        : {}),
      task_values: readValues(taskValuesDir, task.task_key),
    });
    return { result, message };
  }
}
