import type { Store } from "../db.js";
import type { JobDoc } from "./model.js";
import { jobNotFound } from "./not-found.js";

/** Jobs CRUD over the `jobs` table; settings are stored as sent (open records). */
export class JobStore {
  constructor(private readonly store: Store) {}

  get(jobId: string): JobDoc {
    const job = this.store.getDoc<JobDoc>("jobs", jobId);
    if (job === undefined) throw jobNotFound(jobId);
    return job;
  }

  /** The job, or undefined once deleted. */
  find(jobId: string): JobDoc | undefined {
    return this.store.getDoc<JobDoc>("jobs", jobId);
  }

  put(job: JobDoc): void {
    this.store.db
      .prepare(
        "INSERT INTO jobs (job_id, doc) VALUES (?, ?) ON CONFLICT(job_id) DO UPDATE SET doc = excluded.doc",
      )
      .run(job.job_id, JSON.stringify(job));
  }

  all(): JobDoc[] {
    const rows = this.store.db.prepare("SELECT doc FROM jobs ORDER BY job_id").all() as { doc: string }[];
    return rows
      .map((r) => JSON.parse(r.doc) as JobDoc)
      .sort((a, b) => (BigInt(a.job_id) < BigInt(b.job_id) ? -1 : 1));
  }

  delete(jobId: string): void {
    this.get(jobId);
    this.store.db.prepare("DELETE FROM jobs WHERE job_id = ?").run(jobId);
  }

  nextId(): string {
    return this.store.nextId();
  }
}
