import { join } from "node:path";
import { resolveDeep } from "./dynamic.js";
import { readValues, refContext } from "./task-context.js";
import { type ExecutorEnv, startTask, type TaskOutcome } from "./executor.js";
import { type LifeCycle, type RunDoc, type TaskRunDoc, type TaskSettings, terminal } from "./model.js";
import { runIfDecision } from "./policy.js";
import type { ProcessHandle } from "./process.js";
import type { RunStore } from "./run-store.js";

/** Task-level execution: dependencies and run_if, one Python process per task, outputs. */
export class TaskRunner {
  private readonly procs = new Map<string, { handle: ProcessHandle; done: Promise<void> }>();
  private readonly killReason = new Map<string, "CANCELED" | "TIMEDOUT">();
  private readonly injected = new Set<string>();
  private closing = false;

  constructor(
    private readonly runs: RunStore,
    private readonly exec: ExecutorEnv,
    private readonly runsDir: string,
    private readonly onRunDone: (run: RunDoc) => void,
  ) {}

  newTaskRun(run: RunDoc, settings: TaskSettings, attempt: number): TaskRunDoc {
    const task: TaskRunDoc = {
      task_key: settings.task_key,
      run_id: this.runs.nextId(),
      attempt_number: attempt,
      life: "PENDING",
      message: "",
      start_time: 0,
      end_time: 0,
      settings,
    };
    this.runs.saveOutput(task.run_id, { parent_run_id: run.run_id, task_key: task.task_key });
    return task;
  }

  /** Starts every task whose upstream is done (or settles it by run_if); ends the run when all are done. */
  advance(run: RunDoc, injectFailure: boolean): void {
    if (injectFailure) this.injected.add(run.run_id);
    let changed = true;
    while (changed) {
      changed = false;
      for (const task of run.tasks) {
        if (task.life !== "PENDING" && task.life !== "BLOCKED") continue;
        const upstream = (task.settings.depends_on ?? []).map((d) =>
          run.tasks.find((t) => t.task_key === d.task_key),
        );
        if (upstream.some((t) => t !== undefined && !terminal(t.life))) {
          task.life = "BLOCKED";
          continue;
        }
        const decision = runIfDecision(
          task.settings.run_if,
          upstream.map((t) => t?.result),
        );
        if (decision === "run") this.start(run, task);
        else
          this.endTask(
            task,
            decision,
            decision === "EXCLUDED"
              ? "The run_if condition was not met."
              : "Upstream task(s) did not succeed.",
          );
        changed = true;
      }
    }
    this.runs.save(run);
    if (run.tasks.every((t) => terminal(t.life))) this.onRunDone(run);
  }

  endTask(task: TaskRunDoc, result: string, message: string, life: LifeCycle = "TERMINATED"): void {
    task.life = life;
    task.result = result;
    task.message = message;
    task.end_time = Date.now();
    if (task.start_time === 0) task.start_time = task.end_time;
  }

  stopAll(run: RunDoc, reason: "CANCELED" | "TIMEDOUT"): void {
    let running = 0;
    for (const task of run.tasks) {
      const proc = this.procs.get(task.run_id);
      if (proc) {
        running++;
        this.killReason.set(task.run_id, reason);
        proc.handle.kill();
      } else if (!terminal(task.life)) this.endTask(task, "CANCELED", "Run cancelled.");
    }
    this.runs.save(run);
    if (running === 0) this.onRunDone(run);
  }

  async killAll(): Promise<void> {
    // No new processes once shutdown began (an ALL_DONE dependent would otherwise start after the kill).
    this.closing = true;
    for (const proc of this.procs.values()) proc.handle.kill();
    await Promise.allSettled([...this.procs.values()].map((p) => p.done));
  }

  private start(run: RunDoc, task: TaskRunDoc): void {
    task.life = "RUNNING";
    task.start_time = Date.now();
    if (run.life === "TERMINATING") return this.endTask(task, "CANCELED", "Run cancelled.");
    if (this.closing) return this.endTask(task, "FAILED", "The emulator stopped before the task started.");
    if (this.injected.delete(run.run_id))
      return this.endTask(task, "FAILED", "Injected failure: the task failed without running.");
    const workDir = join(this.runsDir, run.run_id, task.run_id);
    const taskValuesDir = join(this.runsDir, run.run_id, "taskvalues");
    const resolved = resolveDeep(task.settings, refContext(run, task, taskValuesDir)) as TaskSettings;
    const notebook = resolved.notebook_task as { base_parameters?: Record<string, string> } | undefined;
    const parameters = { ...(notebook?.base_parameters ?? {}), ...run.job_parameters };
    let started: ReturnType<typeof startTask>;
    try {
      started = startTask(this.exec, { task: resolved, workDir, taskValuesDir, parameters });
    } catch (e) {
      return this.endTask(task, "FAILED", (e as Error).message);
    }
    const timeout = Number(task.settings.timeout_seconds ?? 0);
    const timer = timeout > 0 ? setTimeout(() => this.timeOut(task), timeout * 1000) : undefined;
    const done = started.outcome.then((outcome) => {
      clearTimeout(timer);
      this.settle(run, task, outcome, taskValuesDir);
    });
    this.procs.set(task.run_id, { handle: started.handle, done });
  }

  private timeOut(task: TaskRunDoc): void {
    const proc = this.procs.get(task.run_id);
    if (!proc) return;
    this.killReason.set(task.run_id, "TIMEDOUT");
    proc.handle.kill();
  }

  private settle(run: RunDoc, task: TaskRunDoc, outcome: TaskOutcome, taskValuesDir: string): void {
    this.procs.delete(task.run_id);
    const reason = this.killReason.get(task.run_id);
    this.killReason.delete(task.run_id);
    const result = reason ?? (outcome.ok ? "SUCCESS" : "FAILED");
    const message =
      reason === "TIMEDOUT"
        ? "Task timed out."
        : reason === "CANCELED"
          ? "Run cancelled."
          : (outcome.error ?? "");
    this.endTask(task, result, message);
    const output = {
      parent_run_id: run.run_id,
      task_key: task.task_key,
      logs: outcome.logs,
      logs_truncated: outcome.logsTruncated,
    };
    this.runs.saveOutput(task.run_id, {
      ...output,
      ...(outcome.notebookResult !== undefined ? { notebook_result: outcome.notebookResult } : {}),
      ...(result === "FAILED"
        ? { error: outcome.error ?? message, error_trace: outcome.errorTrace ?? "" }
        : {}),
      task_values: readValues(taskValuesDir, task.task_key),
    });
    this.advance(run, false);
  }
}
