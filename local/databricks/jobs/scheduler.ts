import { join } from "node:path";
import type { Clock } from "../../../shared/databricks/clock.js";
import type { Store } from "../db.js";
import type { Faults } from "../faults.js";
import { latestAttempts } from "./attempts.js";
import type { ExecutorEnv } from "./executor.js";
import { childRunEnded, runnerHooks } from "./child-runs.js";
import type { JobStore } from "./job-store.js";
import { LiveRuns, markRunEnded } from "./live-runs.js";
import { endTask, type RunDoc, terminal } from "./model.js";
import { newRun, type SubmitInput } from "./new-run.js";
import { finalState } from "./policy.js";
import { RunStore } from "./run-store.js";
import { TaskRunner } from "./task-runner.js";
import type { StopReason } from "./task-process.js";
import { Timers } from "./task-timers.js";

export type { SubmitInput } from "./new-run.js";

/**
 * Runs jobs in-process: queueing under max_concurrent_runs, job timeouts, cancel, completion, and runs
 * of other jobs for run_job_task. Task-level work lives in {@link TaskRunner}.
 */
export class Scheduler {
  readonly runs: RunStore;
  private readonly live = new LiveRuns();
  private readonly timers: Timers;
  private readonly stopReason = new Map<string, StopReason>();
  private readonly tasks: TaskRunner;
  private closing = false;
  /** Runs shown as TERMINATING for one turn before they end. */
  private readonly finishing = new Set<string>();

  constructor(
    store: Store,
    exec: ExecutorEnv,
    private readonly faults: Faults,
    dataDir: string,
    jobs: JobStore,
    clock: Clock,
  ) {
    this.runs = new RunStore(store);
    this.runs.recover();
    this.timers = new Timers(clock);
    this.tasks = new TaskRunner(this.runs, exec, join(dataDir, "runs"), runnerHooks(this, jobs), clock);
  }

  submit(input: SubmitInput): RunDoc {
    const run = newRun(input, () => this.runs.nextId());
    run.tasks = (input.settings.tasks ?? []).map((settings) => this.runs.newTaskRun(run.run_id, settings, 0));
    this.live.admit(run, input.queue);
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
    if (injected === "internalError")
      return this.endRun(
        run,
        "INTERNAL_ERROR",
        "FAILED",
        "Injected internal error: the emulator failed to run the job.",
      );
    this.timers.timeout(run.run_id, run.timeout_seconds, () => this.stop(run.run_id, "TIMEDOUT"));
    // PENDING is visible for one turn, like a cluster that starts instantly.
    setImmediate(() => {
      if (run.life !== "PENDING") return;
      run.life = "RUNNING";
      this.runs.save(run);
      this.tasks.advance(run, injected === "failed");
    });
  }

  /** Cancel (user) or timeout: pending tasks end CANCELED, running processes and child runs are stopped. */
  stop(runId: string, reason: StopReason): void {
    const run = this.live.get(runId);
    if (run === undefined || this.finishing.has(runId) || run.life === "TERMINATING") return;
    this.stopReason.set(runId, reason);
    if (run.life === "QUEUED" || run.life === "PENDING") {
      for (const t of latestAttempts(run.tasks))
        if (!terminal(t.life)) endTask(t, "CANCELED", "Run cancelled.");
      return this.finish(run);
    }
    run.life = "TERMINATING";
    this.runs.save(run);
    this.tasks.stopAll(run, reason);
  }

  /** Called when no task of the run can make progress any more. */
  finish(run: RunDoc): void {
    if (this.live.get(run.run_id) !== run || this.finishing.has(run.run_id)) return;
    // Shutdown is the platform failing the run, not the user cancelling it (same as recover() on start).
    if (this.closing)
      return this.endRun(run, "INTERNAL_ERROR", "FAILED", "The emulator stopped while the run was active.");
    const reason = this.stopReason.get(run.run_id);
    this.stopReason.delete(run.run_id);
    if (reason !== undefined) {
      const message =
        reason === "CANCELED" ? "Run cancelled." : `Run timed out after ${run.timeout_seconds} seconds.`;
      return this.endRun(run, "TERMINATED", reason, message);
    }
    const { result, message } = finalState(run.tasks);
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
    this.timers.clear(run.run_id);
    markRunEnded(run, life, result, message);
    this.live.delete(run.run_id);
    this.runs.save(run);
    const parent = run.parent && this.live.get(run.parent.run_id);
    if (parent) childRunEnded(this.tasks, this.runs, parent, run);
    if (run.job_id !== undefined) this.pump(run.job_id);
  }

  /** Restarts a terminated run for a repair (the caller has added the attempts to rerun). */
  resume(run: RunDoc): void {
    run.life = "RUNNING";
    delete run.result;
    run.message = "";
    run.end_time = 0;
    run.user_cancelled_or_timedout = false;
    this.live.add(run);
    this.runs.save(run);
    this.tasks.advance(run);
  }

  private pump(jobId: string): void {
    if (this.closing) return;
    for (const run of this.live.queued(jobId)) {
      if (this.live.activeCount(jobId) >= run.max_concurrent_runs) return;
      this.activate(run);
    }
  }

  /** Kills every task process and waits for them; runs still waiting (retries, queues) end too. */
  async close(): Promise<void> {
    this.timers.clearAll();
    this.closing = true;
    await this.tasks.killAll();
    while (this.finishing.size > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const run of this.live.all())
      this.endRun(run, "INTERNAL_ERROR", "FAILED", "The emulator stopped while the run was active.");
  }
}
