import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";

/**
 * First id handed out in a fresh data folder: 19 digits, far past 2^53, so any client that reads ids
 * as JavaScript numbers loses digits at once instead of years later in production (issue #3).
 */
const firstId = 1_100_000_000_000_000_000n;

/** The emulator's state: jobs, runs, idempotency tokens, workspace object ids (documents as JSON). */
export class Store {
  readonly db: Database.Database;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, "emulator.sqlite"));
    this.db.pragma("journal_mode = WAL");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS ids (name TEXT PRIMARY KEY, next TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS jobs (job_id TEXT PRIMARY KEY, doc TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, job_id TEXT, seq INTEGER NOT NULL, doc TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS runs_by_job ON runs (job_id, seq);
      CREATE TABLE IF NOT EXISTS idempotency (token TEXT PRIMARY KEY, run_id TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS outputs (run_id TEXT PRIMARY KEY, doc TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS objects (path TEXT PRIMARY KEY, object_id TEXT NOT NULL, object_type TEXT NOT NULL,
        language TEXT, created_at INTEGER NOT NULL);
    `);
  }

  /** A new int64 id as a decimal string (one sequence for every kind of object, like a shard counter). */
  nextId(): string {
    return this.db.transaction(() => {
      const row = this.db.prepare("SELECT next FROM ids WHERE name = 'id'").get() as
        { next: string } | undefined;
      const current = row === undefined ? firstId : BigInt(row.next);
      this.db
        .prepare(
          "INSERT INTO ids (name, next) VALUES ('id', ?) ON CONFLICT(name) DO UPDATE SET next = excluded.next",
        )
        .run(String(current + 1n));
      return String(current);
    })();
  }

  getDoc<T>(table: "jobs" | "runs" | "outputs", key: string): T | undefined {
    const column = table === "jobs" ? "job_id" : "run_id";
    const row = this.db.prepare(`SELECT doc FROM ${table} WHERE ${column} = ?`).get(key) as
      { doc: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.doc) as T);
  }

  close(): void {
    this.db.close();
  }
}
