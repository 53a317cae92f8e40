import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { EventType, event, type HistoryEvent } from "./history.js";
import { newInstanceId } from "./ids.js";
import {
  initialEngineState,
  type EngineState,
  type EpisodeCommit,
  type InboxMessage,
  type InstanceRecord,
  type NewInstance,
  type RuntimeStatus,
} from "./model.js";
import { SCHEMA } from "./schema.js";

export interface ActivityWork {
  id: number;
  instanceId: string;
  executionId: string;
  taskId: number;
  name: string;
  input: unknown;
}

interface InstanceRow {
  id: string;
  name: string;
  version: string;
  status: RuntimeStatus;
  input: string | null;
  output: string | null;
  custom_status: string | null;
  created_at: number;
  updated_at: number;
  parent_id: string | null;
  parent_task_id: number | null;
  execution_id: string;
  state: string;
}

const toRecord = (r: InstanceRow): InstanceRecord => ({
  id: r.id,
  name: r.name,
  version: r.version,
  status: r.status,
  input: r.input,
  output: r.output,
  customStatus: r.custom_status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  parentId: r.parent_id,
  parentTaskId: r.parent_task_id,
  executionId: r.execution_id,
  state: JSON.parse(r.state) as EngineState,
});

const CACHE_LIMIT = 10_000;

/**
 * The engine's only state: one SQLite file. WAL with synchronous=NORMAL survives a kill -9 of the process
 * with every committed transaction intact (a power loss may lose the last ones; docs/adr/0001).
 * Callers acknowledge an event (HTTP 202) only after the method that stored it has returned.
 */
export class Store {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  /**
   * Instances that were sent a message visible now since the dispatcher last looked: lets it skip the
   * inbox scan on the hot path. Timers becoming due are found by the scan (`readyInstances`).
   */
  readonly hints = new Map<string, number>();
  /**
   * False only when the last look at the activities table found every visible row: lets the dispatcher
   * skip that query on most wake-ups. Anything that may leave a visible row behind sets it again.
   */
  activitiesMayBeReady = true;
  /** Creation time of instances this process has seen: older instances run first (see pickOldest). */
  private readonly created = new Map<string, number>();
  /**
   * Write-through cache of instance rows and histories: an episode otherwise re-reads and re-parses both
   * from SQLite every time. Filled on read, updated only from what a commit wrote, cleared on failure.
   */
  private readonly instances = new Map<string, InstanceRecord>();
  private readonly histories = new Map<string, HistoryEvent[]>();

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    // No busy wait while opening: a file held by another host must fail now, not in five seconds.
    this.db = new Database(join(dataDir, "durable.sqlite"), { timeout: 0 });
    this.lockExclusively(dataDir);
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(SCHEMA);
  }

  close(): void {
    this.db.close();
  }

  /**
   * One host per data folder: the engine keeps caches and ready hints in memory, so a second process on
   * the same file (a leftover host from an earlier run, say) would silently interleave work. The exclusive
   * lock is held until the process exits or closes the store; the OS releases it after a kill -9.
   */
  private lockExclusively(dataDir: string): void {
    try {
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("locking_mode = EXCLUSIVE");
      this.db.exec("BEGIN EXCLUSIVE; COMMIT;");
    } catch (err) {
      this.db.close();
      const busy = (err as { code?: string }).code?.startsWith("SQLITE_BUSY") === true;
      if (!busy) throw err;
      throw new Error(
        `Another local host is already using ${dataDir}: stop it or pass a different --data folder.`,
      );
    }
  }

  /** Prepared once, reused: preparing dominated the profile of the chain benchmark. */
  stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** Callers must not mutate what this returns: it may be the cached record. */
  getInstance(id: string): InstanceRecord | undefined {
    const cached = this.instances.get(id);
    if (cached) return cached;
    const row = this.stmt("SELECT * FROM instances WHERE id = ?").get(id) as InstanceRow | undefined;
    if (!row) return undefined;
    this.created.set(id, row.created_at);
    return this.remember(this.instances, id, toRecord(row));
  }

  /** Callers must not mutate what this returns: it may be the cached history. */
  history(id: string): HistoryEvent[] {
    const cached = this.histories.get(id);
    if (cached) return cached;
    const rows = this.stmt("SELECT event FROM history WHERE instance_id = ? ORDER BY seq").all(id) as {
      event: string;
    }[];
    return this.remember(
      this.histories,
      id,
      rows.map((r) => JSON.parse(r.event) as HistoryEvent),
    );
  }

  /**
   * Forgets every cached record. The dispatcher calls it when a group transaction fails, because the
   * cache was updated by writes that were then rolled back.
   */
  forgetCache(): void {
    this.activitiesMayBeReady = true;
    this.instances.clear();
    this.histories.clear();
  }

  private remember<T>(cache: Map<string, T>, id: string, value: T): T {
    cache.delete(id);
    cache.set(id, value);
    if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value ?? "");
    return value;
  }

  /** Creates (or, when the existing one has finished, replaces) an instance and queues its start. */
  createInstance(n: NewInstance, now: number): void {
    this.db.transaction(() => this.insertInstance(n, now))();
  }

  /** `createInstance` within the caller's transaction (the dispatcher's group commit). */
  addInstance(n: NewInstance, now: number): void {
    this.requireTransaction();
    this.insertInstance(n, now);
  }

  private insertInstance(n: NewInstance, now: number): void {
    const executionId = newInstanceId();
    this.deleteInstance(n.id);
    this.created.set(n.id, now);
    this.stmt(
      `INSERT INTO instances (id, name, version, status, input, created_at, updated_at, parent_id, parent_task_id, execution_id, state)
         VALUES (?, ?, ?, 'Pending', ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      n.id,
      n.name,
      n.version,
      n.input,
      now,
      now,
      n.parentId,
      n.parentTaskId,
      executionId,
      JSON.stringify(initialEngineState()),
    );
    const started = event(EventType.ExecutionStarted, new Date(now).toISOString(), {
      Name: n.name,
      Input: n.input,
      Version: n.version,
      ...(n.parentId ? { ParentInstanceId: n.parentId } : {}),
    });
    this.enqueue(n.id, executionId, started, now);
  }

  /** Adds an event to an instance's inbox; `executionId` null means "whatever execution is current". */
  enqueue(
    instanceId: string,
    executionId: string | null,
    e: HistoryEvent,
    visibleAt: number,
    now = visibleAt,
  ): void {
    this.stmt(
      "INSERT INTO messages (instance_id, execution_id, event_type, event, visible_at) VALUES (?, ?, ?, ?, ?)",
    ).run(instanceId, executionId, e.EventType, JSON.stringify(e), visibleAt);
    if (visibleAt <= now && !this.hints.has(instanceId))
      this.hints.set(instanceId, this.created.get(instanceId) ?? 0);
  }

  /** Instances with a visible message; suspended ones only for resume or terminate. */
  readyInstances(now: number, limit: number): string[] {
    const rows = this.stmt(
      `SELECT m.instance_id AS id FROM messages m JOIN instances i ON i.id = m.instance_id
         WHERE m.visible_at <= ? AND (i.status <> 'Suspended' OR m.event_type IN (${EventType.ExecutionTerminated}, ${EventType.ExecutionResumed}))
         GROUP BY m.instance_id ORDER BY MIN(m.id) LIMIT ?`,
    ).all(now, limit) as { id: string }[];
    return rows.map((r) => r.id);
  }

  inbox(instanceId: string, now: number): InboxMessage[] {
    const rows = this.stmt(
      "SELECT id, execution_id, event FROM messages WHERE instance_id = ? AND visible_at <= ? ORDER BY id",
    ).all(instanceId, now) as { id: number; execution_id: string | null; event: string }[];
    return rows.map((r) => ({
      id: r.id,
      executionId: r.execution_id,
      event: JSON.parse(r.event) as HistoryEvent,
    }));
  }

  readyActivities(now: number, limit: number, exclude: ReadonlySet<number>): ActivityWork[] {
    const rows = this.stmt("SELECT * FROM activities WHERE visible_at <= ? ORDER BY id LIMIT ?").all(
      now,
      limit + exclude.size,
    ) as {
      id: number;
      instance_id: string;
      execution_id: string;
      task_id: number;
      name: string;
      input: string;
    }[];
    return rows
      .filter((r) => !exclude.has(r.id))
      .slice(0, limit)
      .map((r) => ({
        id: r.id,
        instanceId: r.instance_id,
        executionId: r.execution_id,
        taskId: r.task_id,
        name: r.name,
        input: JSON.parse(r.input) as unknown,
      }));
  }

  /** Earliest future time at which a message or activity becomes visible. */
  nextVisibleAt(now: number): number | undefined {
    const row = this.stmt(
      `SELECT MIN(t) AS t FROM (SELECT MIN(visible_at) AS t FROM messages WHERE visible_at > ?
         UNION ALL SELECT MIN(visible_at) FROM activities WHERE visible_at > ?)`,
    ).get(now, now) as { t: number | null };
    return row.t ?? undefined;
  }

  /**
   * Removes finished activities and posts their results (at-least-once). Like `commitEpisode`, it runs
   * inside the caller's transaction: the dispatcher's group commit.
   */
  completeActivities(done: { work: ActivityWork; result: HistoryEvent }[], now: number): void {
    this.requireTransaction();
    for (const { work, result } of done) {
      this.stmt("DELETE FROM activities WHERE id = ?").run(work.id);
      this.enqueue(work.instanceId, work.executionId, result, now);
    }
  }

  /**
   * Writes an episode's outcome. It must run inside the caller's transaction (the dispatcher's group
   * commit), which on failure rolls back and calls `forgetCache`. A nested transaction here would cost a
   * SAVEPOINT per episode, about a tenth of the burst benchmark's CPU, and protect nothing more.
   */
  commitEpisode(id: string, c: EpisodeCommit, now: number): void {
    this.requireTransaction();
    const del = this.stmt("DELETE FROM messages WHERE id = ?");
    for (const m of c.consumed) del.run(m);
    if (c.resetHistory) this.stmt("DELETE FROM history WHERE instance_id = ?").run(id);
    const past = c.resetHistory ? [] : this.history(id);
    const add = this.stmt("INSERT INTO history (instance_id, seq, event) VALUES (?, ?, ?)");
    c.appended.forEach((e, i) => add.run(id, past.length + i, JSON.stringify(e)));
    this.remember(this.histories, id, [...past, ...c.appended]);
    const i = c.instance;
    this.stmt(
      `UPDATE instances SET status = ?, output = ?, custom_status = ?, state = ?, input = ?, execution_id = ?, updated_at = ?
         WHERE id = ?`,
    ).run(i.status, i.output, i.customStatus, JSON.stringify(i.state), i.input, i.executionId, now, id);
    const before = this.instances.get(id);
    if (before) this.remember(this.instances, id, { ...before, ...i, updatedAt: now });
    const act = this.stmt(
      "INSERT INTO activities (instance_id, execution_id, task_id, name, input, visible_at) VALUES (?, ?, ?, ?, ?, ?)",
    );
    for (const a of c.activities)
      act.run(id, i.executionId, a.taskId, a.name, JSON.stringify(a.input ?? null), now);
    if (c.activities.length > 0) this.activitiesMayBeReady = true;
    for (const t of c.timers) {
      const fired = event(EventType.TimerFired, t.fireAt, { TimerId: t.taskId, FireAt: t.fireAt });
      this.enqueue(id, i.executionId, fired, Date.parse(t.fireAt), now);
    }
    for (const child of c.children) this.createChild(child, now);
    for (const m of c.outbox) this.enqueue(m.instanceId, m.executionId, m.event, m.visibleAt ?? now);
  }

  /** Autocommitted statements would make a half-written episode durable: refuse rather than risk it. */
  private requireTransaction(): void {
    if (!this.db.inTransaction) throw new Error("durable store writes must run inside a transaction");
  }

  /** A sub-orchestration whose id is taken by a running instance fails the parent's task instead. */
  private createChild(child: NewInstance, now: number): void {
    const existing = this.getInstance(child.id);
    if (existing && !["Completed", "Failed", "Terminated"].includes(existing.status)) {
      const reason = `An orchestration with instance ID '${child.id}' already exists and is ${existing.status}.`;
      const failed = event(EventType.SubOrchestrationInstanceFailed, new Date(now).toISOString(), {
        TaskScheduledId: child.parentTaskId ?? -1,
        Reason: reason,
        Details: reason,
      });
      this.enqueue(child.parentId ?? "", null, failed, now);
      return;
    }
    this.insertInstance(child, now);
  }

  deleteInstance(id: string): number {
    this.created.delete(id);
    this.instances.delete(id);
    this.histories.delete(id);
    this.hints.delete(id);
    for (const table of ["history", "messages", "activities"]) {
      this.stmt(`DELETE FROM ${table} WHERE instance_id = ?`).run(id);
    }
    return this.stmt("DELETE FROM instances WHERE id = ?").run(id).changes;
  }
}
