import { latestAttempts } from "./attempts.js";
import { active, endTask, type RepairDoc, type RunDoc, terminal } from "./model.js";

/** Runs that are not over yet, with the queue questions max_concurrent_runs asks. */
export class LiveRuns {
  private readonly byId = new Map<string, RunDoc>();

  /**
   * Takes a new run in under max_concurrent_runs: it stays PENDING (to start now), waits QUEUED, or, with
   * queueing off, ends SKIPPED / MAXIMUM_CONCURRENT_RUNS_REACHED and is not kept.
   */
  admit(run: RunDoc, queue: boolean): void {
    const jobId = run.job_id;
    const busy = jobId !== undefined && this.activeCount(jobId) >= run.max_concurrent_runs;
    if (busy && !queue) {
      run.life = "SKIPPED";
      run.result = "MAXIMUM_CONCURRENT_RUNS_REACHED";
      run.message = `Skipping this run because the limit of ${run.max_concurrent_runs} maximum concurrent runs has been reached.`;
      run.end_time = run.start_time;
      return;
    }
    this.add(run);
    if (busy || (jobId !== undefined && this.queuedBefore(run))) {
      run.life = "QUEUED";
      run.code = "ACTIVE_RUNS_LIMIT_REACHED";
      run.message = "Queued: the maximum number of concurrent runs of this job has been reached.";
    }
  }

  get(runId: string): RunDoc | undefined {
    return this.byId.get(runId);
  }

  add(run: RunDoc): void {
    this.byId.set(run.run_id, run);
  }

  delete(runId: string): void {
    this.byId.delete(runId);
  }

  all(): RunDoc[] {
    return [...this.byId.values()];
  }

  /** Runs of the job that hold one of its max_concurrent_runs slots. */
  activeCount(jobId: string): number {
    let n = 0;
    for (const run of this.byId.values()) if (run.job_id === jobId && active(run.life)) n++;
    return n;
  }

  /** Whether an older run of the same job is still queued (queued runs start in order). */
  queuedBefore(run: RunDoc): boolean {
    for (const other of this.byId.values())
      if (other !== run && other.job_id === run.job_id && other.life === "QUEUED") return true;
    return false;
  }

  /** The job's queued runs, oldest first. */
  queued(jobId: string): RunDoc[] {
    return this.all().filter((r) => r.job_id === jobId && r.life === "QUEUED");
  }
}

/** Sets a run's final state; the newest repair (if any) ends with it, and on INTERNAL_ERROR open tasks too. */
export function markRunEnded(
  run: RunDoc,
  life: "TERMINATED" | "INTERNAL_ERROR",
  result: string,
  message: string,
): void {
  run.life = life;
  run.result = result;
  run.message = message;
  run.user_cancelled_or_timedout = result === "CANCELED" || result === "TIMEDOUT";
  run.end_time = Date.now();
  const repair: RepairDoc | undefined = run.repairs[run.repairs.length - 1];
  if (repair) Object.assign(repair, { life, result, end_time: run.end_time });
  if (life === "INTERNAL_ERROR")
    for (const t of latestAttempts(run.tasks)) if (!terminal(t.life)) endTask(t, "FAILED", message, life);
}
