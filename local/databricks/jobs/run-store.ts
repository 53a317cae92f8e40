import type { Store } from "../db.js";
import type { OutputDoc, RunDoc, TaskRunDoc, TaskSettings } from "./model.js";

/** Runs, task outputs and idempotency tokens in SQLite; every state change is written at once. */
export class RunStore {
  constructor(private readonly store: Store) {}

  nextId(): string {
    return this.store.nextId();
  }

  /** A PENDING task run (an attempt, or a for_each iteration with `place`), findable by its own run id. */
  newTaskRun(
    runId: string,
    settings: TaskSettings,
    attempt: number,
    place: Partial<TaskRunDoc> = {},
  ): TaskRunDoc {
    const task: TaskRunDoc = {
      task_key: settings.task_key,
      run_id: this.nextId(),
      attempt_number: attempt,
      life: "PENDING",
      message: "",
      start_time: 0,
      end_time: 0,
      settings,
      ...place,
    };
    this.saveOutput(task.run_id, { parent_run_id: runId, task_key: task.task_key });
    return task;
  }

  save(run: RunDoc): void {
    this.store.db
      .prepare(
        `INSERT INTO runs (run_id, job_id, seq, doc) VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM runs), ?)
         ON CONFLICT(run_id) DO UPDATE SET doc = excluded.doc`,
      )
      .run(run.run_id, run.job_id ?? null, JSON.stringify(run));
  }

  get(runId: string): RunDoc | undefined {
    return this.store.getDoc<RunDoc>("runs", runId);
  }

  /** Newest first, like runs/list. */
  list(
    jobId: string | undefined,
    offset: number,
    limit: number,
    keep: (run: RunDoc) => boolean,
  ): { runs: RunDoc[]; more: boolean } {
    const rows = (
      jobId === undefined
        ? this.store.db.prepare("SELECT doc FROM runs ORDER BY seq DESC").all()
        : this.store.db.prepare("SELECT doc FROM runs WHERE job_id = ? ORDER BY seq DESC").all(jobId)
    ) as { doc: string }[];
    const runs = rows.map((r) => JSON.parse(r.doc) as RunDoc).filter(keep);
    return { runs: runs.slice(offset, offset + limit), more: runs.length > offset + limit };
  }

  /** Runs that were active when the emulator stopped cannot be resumed: they end in INTERNAL_ERROR. */
  recover(): void {
    const rows = this.store.db.prepare("SELECT doc FROM runs").all() as { doc: string }[];
    for (const row of rows) {
      const run = JSON.parse(row.doc) as RunDoc;
      if (run.life === "TERMINATED" || run.life === "SKIPPED" || run.life === "INTERNAL_ERROR") continue;
      run.life = "INTERNAL_ERROR";
      run.result = "FAILED";
      run.message = "The emulator stopped while the run was active.";
      run.end_time = Date.now();
      this.save(run);
    }
  }

  saveOutput(taskRunId: string, doc: OutputDoc): void {
    this.store.db
      .prepare(
        "INSERT INTO outputs (run_id, doc) VALUES (?, ?) ON CONFLICT(run_id) DO UPDATE SET doc = excluded.doc",
      )
      .run(taskRunId, JSON.stringify(doc));
  }

  output(taskRunId: string): OutputDoc | undefined {
    return this.store.getDoc<OutputDoc>("outputs", taskRunId);
  }

  runForToken(token: string): string | undefined {
    const row = this.store.db.prepare("SELECT run_id FROM idempotency WHERE token = ?").get(token) as
      { run_id: string } | undefined;
    return row?.run_id;
  }

  bindToken(token: string, runId: string): void {
    this.store.db.prepare("INSERT INTO idempotency (token, run_id) VALUES (?, ?)").run(token, runId);
  }
}
