import { EventType, event, eventTypeName, type HistoryEvent } from "./history.js";
import { instanceIdProblem, newInstanceId } from "./ids.js";
import { isTerminal, type InstanceRecord, type RuntimeStatus } from "./model.js";
import type { Store } from "./store.js";
import type { Clock } from "./clock.js";

export type Outcome<T = undefined> =
  { ok: true; value: T } | { ok: false; status: 400 | 404 | 409 | 410 | 412; message: string };

const fail = (status: 400 | 404 | 409 | 410 | 412, message: string): Outcome<never> => ({
  ok: false,
  status,
  message,
});
const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });

export interface StatusOptions {
  showHistory?: boolean;
  showHistoryOutput?: boolean;
  showInput?: boolean;
}

export interface QueryFilter {
  runtimeStatus?: RuntimeStatus[];
  createdTimeFrom?: number;
  createdTimeTo?: number;
  instanceIdPrefix?: string;
  top: number;
  continuationToken?: string;
}

/**
 * What the Durable HTTP API (and so the real DurableClient) can do to instances. Every change is stored
 * before the method returns, so the HTTP layer acknowledges only what is durable.
 */
export class Operations {
  /** Ids whose start is waiting for its group commit: a second start of the same id must see them. */
  private readonly starting = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly isOrchestrator: (name: string) => boolean,
    private readonly wake: () => void,
    /** The dispatcher's group commit: resolves once the write is durable. */
    private readonly groupCommit: (write: (now: number) => void) => Promise<void>,
  ) {}

  start(name: string, instanceId: string | undefined, input: string | null, version = ""): Outcome<string> {
    const checked = this.checkStart(name, instanceId);
    if (!checked.ok) return checked;
    const id = checked.value;
    this.store.createInstance(
      { id, name, version, input, parentId: null, parentTaskId: null },
      this.clock.now(),
    );
    this.wake();
    return ok(id);
  }

  /**
   * `start` for the HTTP API: the new instance is written in the dispatcher's next group transaction, so
   * a burst of start requests shares one commit instead of one each (a commit per start was a tenth of
   * the host's CPU in the 1,000-chain benchmark). It resolves only when the instance is durable.
   */
  async startGrouped(
    name: string,
    instanceId: string | undefined,
    input: string | null,
    version = "",
  ): Promise<Outcome<string>> {
    const checked = this.checkStart(name, instanceId);
    if (!checked.ok) return checked;
    const id = checked.value;
    this.starting.add(id);
    try {
      await this.groupCommit((now) =>
        this.store.addInstance({ id, name, version, input, parentId: null, parentTaskId: null }, now),
      );
    } finally {
      this.starting.delete(id);
    }
    this.wake();
    return ok(id);
  }

  private checkStart(name: string, instanceId: string | undefined): Outcome<string> {
    if (!this.isOrchestrator(name))
      return fail(
        400,
        `The function '${name}' doesn't exist, is disabled, or is not an orchestrator function.`,
      );
    const id = instanceId ?? newInstanceId();
    const problem = instanceIdProblem(id);
    if (problem) return fail(400, problem);
    if (this.starting.has(id))
      return fail(409, `An orchestration with instance ID '${id}' already exists and is Pending.`);
    const existing = this.store.getInstance(id);
    if (existing && !isTerminal(existing.status)) {
      return fail(409, `An orchestration with instance ID '${id}' already exists and is ${existing.status}.`);
    }
    return ok(id);
  }

  raiseEvent(id: string, name: string, input: string): Outcome {
    return this.post(id, event(EventType.EventRaised, this.at(), { Name: name, Input: input }));
  }

  /**
   * `raiseEvent` for the HTTP API: the event is stored in the dispatcher's next group transaction, so a
   * burst of raises shares one commit. It resolves (and the caller answers 202) only once the event is
   * committed: WAL with synchronous=NORMAL, so a kill -9 of the host after the answer loses nothing.
   * The instance is checked inside the transaction, after any start of it queued before.
   */
  async raiseEventGrouped(id: string, name: string, input: string): Promise<Outcome> {
    const e = event(EventType.EventRaised, this.at(), { Name: name, Input: input });
    const early = this.starting.has(id) ? ok(undefined) : this.canPost(id);
    if (!early.ok) return early;
    let outcome: Outcome = early;
    await this.groupCommit((now) => {
      outcome = this.canPost(id);
      if (outcome.ok) this.store.enqueue(id, null, e, now);
    });
    if (outcome.ok) this.wake();
    return outcome;
  }

  terminate(id: string, reason: string): Outcome {
    return this.post(id, event(EventType.ExecutionTerminated, this.at(), { Input: reason }));
  }

  suspend(id: string, reason: string): Outcome {
    return this.post(id, event(EventType.ExecutionSuspended, this.at(), { Reason: reason }));
  }

  resume(id: string, reason: string): Outcome {
    return this.post(id, event(EventType.ExecutionResumed, this.at(), { Reason: reason }));
  }

  /** Starts the same orchestration again with its original input (the extension's RestartAsync). */
  restart(id: string, newId: boolean): Outcome<string> {
    const existing = this.store.getInstance(id);
    if (!existing) return fail(404, `No instance with ID '${id}' was found.`);
    return this.start(existing.name, newId ? newInstanceId() : id, existing.input, existing.version);
  }

  purge(id: string): Outcome<number> {
    const existing = this.store.getInstance(id);
    if (!existing) return fail(404, `No instance with ID '${id}' was found.`);
    if (!isTerminal(existing.status))
      return fail(412, `Instance '${id}' is ${existing.status}; only finished instances can be purged.`);
    return ok(this.store.deleteInstance(id));
  }

  purgeWhere(filter: Omit<QueryFilter, "top" | "continuationToken">): number {
    const doomed = this.select({ ...filter, top: Number.MAX_SAFE_INTEGER }).items.filter((i) =>
      isTerminal(i.status),
    );
    return this.store.db.transaction(() => doomed.reduce((n, i) => n + this.store.deleteInstance(i.id), 0))();
  }

  get(id: string): InstanceRecord | undefined {
    return this.store.getInstance(id);
  }

  history(id: string): HistoryEvent[] {
    return this.store.history(id);
  }

  /** Instances matching a filter, oldest first, paged by an opaque continuation token (an offset). */
  select(filter: QueryFilter): { items: InstanceRecord[]; next?: string } {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.runtimeStatus?.length) {
      where.push(`status IN (${filter.runtimeStatus.map(() => "?").join(",")})`);
      args.push(...filter.runtimeStatus);
    }
    const add = (clause: string, ...values: (string | number)[]): void => {
      where.push(clause);
      args.push(...values);
    };
    if (filter.createdTimeFrom !== undefined) add("created_at >= ?", filter.createdTimeFrom);
    if (filter.createdTimeTo !== undefined) add("created_at <= ?", filter.createdTimeTo);
    if (filter.instanceIdPrefix)
      add("substr(id, 1, ?) = ?", filter.instanceIdPrefix.length, filter.instanceIdPrefix);
    const offset = Number(filter.continuationToken ?? 0) || 0;
    const sql = `SELECT id FROM instances ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at, id LIMIT ? OFFSET ?`;
    const rows = this.store.db.prepare(sql).all(...args, filter.top + 1, offset) as { id: string }[];
    const items = rows.slice(0, filter.top).flatMap((r) => this.store.getInstance(r.id) ?? []);
    return rows.length > filter.top ? { items, next: String(offset + filter.top) } : { items };
  }

  private canPost(id: string): Outcome {
    const existing = this.store.getInstance(id);
    if (!existing) return fail(404, `No instance with ID '${id}' was found.`);
    if (isTerminal(existing.status)) return fail(410, `Instance '${id}' is ${existing.status}.`);
    return ok(undefined);
  }

  private post(id: string, e: HistoryEvent): Outcome {
    const allowed = this.canPost(id);
    if (!allowed.ok) return allowed;
    this.store.enqueue(id, null, e, this.clock.now());
    this.wake();
    return ok(undefined);
  }

  private at(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

const parseOrNull = (text: string | null): unknown => (text === null ? null : (JSON.parse(text) as unknown));

/** The extension's status payload (StatusResponsePayload); DurableClient requires every key below. */
export function statusPayload(
  i: InstanceRecord,
  options: StatusOptions,
  history?: HistoryEvent[],
): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    name: i.name,
    instanceId: i.id,
    runtimeStatus: i.status,
    input: options.showInput === false ? null : parseOrNull(i.input),
    customStatus: parseOrNull(i.customStatus),
    output: parseOrNull(i.output),
    createdTime: new Date(i.createdAt).toISOString(),
    lastUpdatedTime: new Date(i.updatedAt).toISOString(),
  };
  if (options.showHistory && history)
    payload.historyEvents = history.map((e) => historyView(e, options.showHistoryOutput === true));
  return payload;
}

function historyView(e: HistoryEvent, withOutput: boolean): Record<string, unknown> {
  const { EventType: type, Result, Input: _input, IsPlayed: _played, ...rest } = e;
  return {
    EventType: eventTypeName[type],
    ...rest,
    ...(withOutput && Result !== undefined ? { Result } : {}),
  };
}
