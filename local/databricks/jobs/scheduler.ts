import { join } from "node:path";
import type { Store } from "../db.js";
import type { Faults } from "../faults.js";
import { active, type OutputDoc, type RunDoc, type TaskRunDoc, terminal } from "./model.js";
import { failureMessage, runResult } from "./policy.js";
import { RunStore } from "./run-store.js";
import { newRun, type SubmitInput } from "./new-run.js";
import { TaskRunner } from "./task-runner.js";
import type { ExecutorEnv } from "./executor.js";

export type { SubmitInput } from "./new-run.js";

/**
 * Runs jobs in-process: queueing under max_concurrent_runs, job timeouts, cancel, and completion.
 * Task-level work (dependencies, processes, outputs) lives in {@link TaskRunner}.
 */
export class Scheduler {
  readonly runs: RunStore;
  private readonly live = new Map<string, RunDoc>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly stopReason = new Map<string, "CANCELED" | "TIMEDOUT">();
  private readonly tasks: TaskRunner;
  private closing = false;
  /** Runs shown as TERMINATING for one turn before they end. */
  private readonly finishing = new Set<string>();

  constructor(
    store: Store,
    exec: ExecutorEnv,
    private readonly faults: Faults,
    dataDir: string,
  ) {
    this.runs = new RunStore(store);
    this.runs.recover();
    this.tasks = new TaskRunner(this.runs, exec, join(dataDir, "runs"), (run) => this.finish(run));
  }

  submit(input: SubmitInput): RunDoc {
    const run = newRun(input, () => this.runs.nextId());
    const jobId = run.job_id;
    run.tasks = (input.settings.tasks ?? []).map((settings) => this.tasks.newTaskRun(run, settings, 0));
    const busy = jobId !== undefined && this.activeCount(jobId) >= run.max_concurrent_runs;
    if (busy && !input.queue) {
      run.life = "SKIPPED";
      run.result = "MAXIMUM_CONCURRENT_RUNS_REACHED";
      run.message = `Skipping this run because the limit of ${run.max_concurrent_runs} maximum concurrent runs has been reached.`;
      run.end_time = run.start_time;
      this.runs.save(run);
      return run;
    }
    this.live.set(run.run_id, run);
    if (busy || (jobId !== undefined && this.queuedBefore(run))) {
      run.life = "QUEUED";
      run.code = "ACTIVE_RUNS_LIMIT_REACHED";
      run.message = "Queued: the maximum number of concurrent runs of this job has been reached.";
    }
    this.runs.save(run);
    if (run.life === "PENDING") this.activate(run);
    return run;
  }

  private activate(run: RunDoc): void {
    run.life = "PENDING";
    run.message = "";
    delete run.code;
    run.start_time = Date.now();
    this.runs.save(run);
    const injected = this.faults.takeRunFault(run.job_id);
    if (injected === "internalError") {
      this.endRun(
        run,
        "INTERNAL_ERROR",
        "FAILED",
        "Injected internal error: the emulator failed to run the job.",
      );
      return;
    }
    if (run.timeout_seconds > 0) {
      this.timers.set(
        run.run_id,
        setTimeout(() => this.stop(run.run_id, "TIMEDOUT"), run.timeout_seconds * 1000),
      );
    }
    // PENDING is visible for one turn, like a cluster that starts instantly.
    setImmediate(() => {
      if (run.life !== "PENDING") return;
      run.life = "RUNNING";
      this.runs.save(run);
      this.tasks.advance(run, injected === "failed");
    });
  }

  /** Cancel (user) or timeout: pending tasks end CANCELED, running processes are killed. */
  stop(runId: string, reason: "CANCELED" | "TIMEDOUT"): void {
    const run = this.live.get(runId);
    if (run === undefined || this.finishing.has(runId)) return;
    this.stopReason.set(runId, reason);
    if (run.life === "QUEUED" || run.life === "PENDING") {
      for (const t of run.tasks) if (!terminal(t.life)) this.tasks.endTask(t, "CANCELED", "Run cancelled.");
      this.finish(run);
      return;
    }
    run.life = "TERMINATING";
    this.runs.save(run);
    this.tasks.stopAll(run, reason);
  }

  /** Called when no task of the run can make progress any more. */
  finish(run: RunDoc): void {
    // Shutdown is the platform failing the run, not the user cancelling it (same as recover() on start).
    if (this.closing)
      return this.endRun(run, "INTERNAL_ERROR", "FAILED", "The emulator stopped while the run was active.");
    const reason = this.stopReason.get(run.run_id);
    this.stopReason.delete(run.run_id);
    if (reason !== undefined) {
      const message =
        reason === "CANCELED" ? "Run cancelled." : `Run timed out after ${run.timeout_seconds} seconds.`;
      this.endRun(run, "TERMINATED", reason, message);
      return;
    }
    const result = runResult(run.tasks);
    const message = result === "SUCCESS" ? "" : failureMessage(run.tasks);
    // Databricks reports TERMINATING while it cleans up; pollers may see it for one turn here too.
    run.life = "TERMINATING";
    this.runs.save(run);
    this.finishing.add(run.run_id);
    setImmediate(() => {
      this.finishing.delete(run.run_id);
      this.endRun(run, "TERMINATED", result, message);
    });
  }

  private endRun(run: RunDoc, life: "TERMINATED" | "INTERNAL_ERROR", result: string, message: string): void {
    clearTimeout(this.timers.get(run.run_id));
    this.timers.delete(run.run_id);
    run.life = life;
    run.result = result;
    run.message = message;
    run.user_cancelled_or_timedout = result === "CANCELED" || result === "TIMEDOUT";
    run.end_time = Date.now();
    const repair = run.repairs[run.repairs.length - 1];
    if (repair) Object.assign(repair, { life, result, end_time: run.end_time });
    if (life === "INTERNAL_ERROR")
      for (const t of run.tasks)
        if (!terminal(t.life)) this.tasks.endTask(t, "FAILED", message, "INTERNAL_ERROR");
    this.live.delete(run.run_id);
    this.runs.save(run);
    if (run.job_id !== undefined) this.pump(run.job_id);
  }

  /** Restarts a terminated run for a repair (the caller has replaced the tasks to rerun). */
  resume(run: RunDoc): void {
    run.life = "RUNNING";
    delete run.result;
    run.message = "";
    run.end_time = 0;
    run.user_cancelled_or_timedout = false;
    this.live.set(run.run_id, run);
    this.runs.save(run);
    this.tasks.advance(run, false);
  }

  newTaskRun(run: RunDoc, old: TaskRunDoc): TaskRunDoc {
    return this.tasks.newTaskRun(run, old.settings, old.attempt_number + 1);
  }

  output(taskRunId: string): OutputDoc | undefined {
    return this.runs.output(taskRunId);
  }

  private pump(jobId: string): void {
    if (this.closing) return;
    for (const run of this.live.values()) {
      if (run.job_id !== jobId || run.life !== "QUEUED") continue;
      if (this.activeCount(jobId) >= run.max_concurrent_runs) return;
      this.activate(run);
    }
  }

  private activeCount(jobId: string): number {
    let n = 0;
    for (const run of this.live.values()) if (run.job_id === jobId && active(run.life)) n++;
    return n;
  }

  private queuedBefore(run: RunDoc): boolean {
    for (const other of this.live.values())
      if (other !== run && other.job_id === run.job_id && other.life === "QUEUED") return true;
    return false;
  }

  /** Kills every task process and waits for them (emulator shutdown). */
  async close(): Promise<void> {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.closing = true;
    await this.tasks.killAll();
    while (this.finishing.size > 0) await new Promise((resolve) => setImmediate(resolve));
  }
}
