import type { FunctionRunner } from "../contracts.js";
import type { OrchestratorStateWire } from "./actions.js";
import { toJsonText } from "./actions.js";
import type { Clock } from "./clock.js";
import type { TimerDurations } from "./deliver.js";
import { beginEpisode, finishEpisode, type OrchestratorOutcome } from "./episode.js";
import { EventType, event, type HistoryEvent } from "./history.js";
import type { ActivityWork, Store } from "./store.js";

export interface EngineSettings {
  clock: Clock;
  durations: TimerDurations;
  maxConcurrentActivities: number;
  maxConcurrentOrchestrations: number;
  log: (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void;
}

const OUT_OF_PROC_MARKER = "$OutOfProcData$:";

/**
 * Runs orchestration episodes and activities from the store, within the host.json concurrency limits.
 * Work is pulled from the database on every wake-up, so a restart after a crash simply carries on.
 */
export class Dispatcher {
  /** Instances and work items claimed from the store until their writes are durable. */
  private readonly orchestrations = new Set<string>();
  private readonly activities = new Set<number>();
  /**
   * Functions running right now: what host.json's maxConcurrent*Functions limit, as in the real host.
   * A claim waiting for its group commit does not hold a slot, so the next function can start.
   */
  private runningOrchestrators = 0;
  private runningActivities = 0;
  private readonly inflight = new Set<Promise<void>>();
  private scheduled = false;
  private running = false;
  private cancelWake?: () => void;
  private wakeAt: number | undefined;
  private failures = 0;
  private sweeper: NodeJS.Timeout | undefined;
  private scanDue = true;
  private readonly writes: { write: (now: number) => void; done: (err?: Error) => void }[] = [];
  private flushScheduled = false;

  constructor(
    private readonly store: Store,
    private readonly runner: FunctionRunner,
    private readonly settings: EngineSettings,
  ) {}

  start(): void {
    this.running = true;
    // Safety net in wall-clock time (tests run on a virtual clock): a message no hint pointed at, such as
    // one left behind while its instance was busy, is found by the next scan.
    this.sweeper = setInterval(() => {
      this.scanDue = true;
      this.wake();
    }, 1000);
    this.sweeper.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.cancelWake?.();
    clearInterval(this.sweeper);
    await Promise.allSettled([...this.inflight]);
  }

  /** Number of episodes and activities executing right now (for tests and benchmarks). */
  get busy(): number {
    return this.orchestrations.size + this.activities.size;
  }

  wake(): void {
    if (this.scheduled || !this.running) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (!this.running) return;
    const now = this.settings.clock.now();
    const scan = this.scanDue; // readyInstances clears it
    try {
      const free = this.settings.maxConcurrentOrchestrations - this.runningOrchestrators;
      if (free > 0) for (const id of this.readyInstances(now, free)) this.track(this.episode(id));
      const slots = this.settings.maxConcurrentActivities - this.runningActivities;
      if (slots > 0 && (this.store.activitiesMayBeReady || scan)) {
        const ready = this.store.readyActivities(now, slots, this.activities);
        // Fewer than asked for means every visible activity is running or was just claimed.
        if (ready.length < slots) this.store.activitiesMayBeReady = false;
        for (const work of ready) this.track(this.activity(work));
      }
      this.armTimer(now);
      this.failures = 0;
    } catch (err) {
      this.retryLater(err);
    }
  }

  /**
   * Instances to run next: those the store saw a message for, then (when a timer came due, or once a
   * second as a safety net) whatever a scan of the inbox finds.
   */
  private readyInstances(now: number, free: number): string[] {
    const picked = pickOldest(this.store.hints, free, (id) => !this.orchestrations.has(id));
    for (const id of picked) this.store.hints.delete(id);
    if (picked.length < free && this.scanDue) {
      this.scanDue = false;
      const more = this.store.readyInstances(now, free + this.orchestrations.size + picked.length);
      for (const id of more)
        if (picked.length < free && !this.orchestrations.has(id) && !picked.includes(id)) picked.push(id);
    }
    return picked;
  }

  private track(p: Promise<void>): void {
    this.inflight.add(p);
    void p.finally(() => {
      this.inflight.delete(p);
      this.wake();
    });
  }

  private armTimer(now: number): void {
    const next = this.store.nextVisibleAt(now);
    if (next === undefined || next === this.wakeAt) return;
    this.cancelWake?.();
    this.wakeAt = next;
    this.cancelWake = this.settings.clock.wakeAt(next, () => {
      this.wakeAt = undefined;
      this.scanDue = true;
      this.wake();
    });
  }

  /** A storage error leaves every message where it was; try again with a growing pause. */
  private retryLater(err: unknown): void {
    this.failures++;
    this.settings.log("error", "durable engine pass failed; retrying", {
      error: String(err),
      attempt: this.failures,
    });
    const delay = Math.min(30_000, 100 * 2 ** Math.min(this.failures, 8));
    setTimeout(() => this.wake(), delay).unref();
  }

  private async episode(id: string): Promise<void> {
    this.orchestrations.add(id);
    this.runningOrchestrators++;
    let running = true;
    const done = (): void => {
      if (running) this.runningOrchestrators--;
      running = false;
    };
    try {
      const now = this.settings.clock.now();
      const instance = this.store.getInstance(id);
      if (!instance) return;
      const start = beginEpisode(
        instance,
        this.store.history(id),
        this.store.inbox(id, now),
        now,
        this.settings.durations,
      );
      if (start.kind === "idle") return;
      const commit =
        start.kind === "commit"
          ? start.commit
          : finishEpisode(start.pending, await this.orchestrate(instance.name, start.payload));
      done();
      this.wake();
      await this.groupCommit(() => this.store.commitEpisode(id, commit, now));
      if (commit.instance.status !== instance.status) {
        this.settings.log("info", "orchestration status changed", {
          instanceId: id,
          name: instance.name,
          status: commit.instance.status,
        });
      }
    } catch (err) {
      this.retryLater(err);
    } finally {
      done();
      this.orchestrations.delete(id);
    }
  }

  private async orchestrate(name: string, payload: unknown): Promise<OrchestratorOutcome> {
    if (!this.runner.functionsOfType("orchestrationTrigger").includes(name)) {
      return {
        error: `The function '${name}' doesn't exist, is disabled, or is not an orchestrator function.`,
      };
    }
    try {
      return { state: (await this.runner.invoke(name, payload)) as OrchestratorStateWire };
    } catch (err) {
      return parseFailure(err);
    }
  }

  private async activity(work: ActivityWork): Promise<void> {
    this.activities.add(work.id);
    this.runningActivities++;
    let running = true;
    try {
      const result = await this.execute(work);
      this.runningActivities--;
      running = false;
      this.wake();
      await this.groupCommit((now) => {
        const at = new Date(now).toISOString();
        this.store.completeActivities([{ work, result: { ...result, Timestamp: at } }], now);
      });
    } catch (err) {
      this.store.activitiesMayBeReady = true;
      this.retryLater(err); // the work item was not deleted: it runs again (at-least-once)
    } finally {
      if (running) this.runningActivities--;
      this.activities.delete(work.id);
    }
  }

  /**
   * Writes of episodes, activity results and start requests made in the same turn share one transaction
   * (group commit): one WAL write instead of one per item. Each caller keeps its instance or work item
   * claimed until its write is durable; a failed batch rolls back whole and every message stays queued.
   */
  groupCommit(write: (now: number) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.writes.push({ write, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (this.flushScheduled) return;
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    });
  }

  private async execute(work: ActivityWork): Promise<HistoryEvent> {
    const at = new Date(this.settings.clock.now()).toISOString();
    if (!this.runner.functionsOfType("activityTrigger").includes(work.name)) {
      const reason = `The function '${work.name}' doesn't exist, is disabled, or is not an activity function.`;
      return event(EventType.TaskFailed, at, {
        TaskScheduledId: work.taskId,
        Reason: reason,
        Details: reason,
      });
    }
    try {
      const value = await this.runner.invoke(work.name, work.input);
      return event(EventType.TaskCompleted, at, { TaskScheduledId: work.taskId, Result: toJsonText(value) });
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      const reason = `Activity function '${work.name}' failed: ${e.message}`;
      return event(EventType.TaskFailed, at, {
        TaskScheduledId: work.taskId,
        Reason: reason,
        Details: e.stack ?? e.message,
      });
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.writes.splice(0);
    const now = this.settings.clock.now();
    try {
      this.store.db.transaction(() => {
        for (const w of batch) w.write(now);
      })();
    } catch (err) {
      this.store.forgetCache();
      const error = err instanceof Error ? err : new Error("durable store write failed");
      for (const w of batch) w.done(error);
      return;
    }
    for (const w of batch) w.done();
  }
}

/**
 * The `k` oldest hinted instances that `eligible` accepts, oldest first: a burst of instances finishes in
 * the order it arrived instead of every instance finishing at the end of the burst. A bounded insertion
 * into a k-sized array keeps each pass linear in the number of hints.
 */
export function pickOldest(
  hints: ReadonlyMap<string, number>,
  k: number,
  eligible: (id: string) => boolean,
): string[] {
  const best: [string, number][] = [];
  for (const entry of hints) {
    if (!eligible(entry[0])) continue;
    if (best.length === k && entry[1] >= (best[k - 1]?.[1] ?? Infinity)) continue;
    let i = best.length;
    while (i > 0 && (best[i - 1]?.[1] ?? 0) > entry[1]) i--;
    best.splice(i, 0, entry);
    if (best.length > k) best.pop();
  }
  return best.map(([id]) => id);
}

/** durable-functions throws OrchestrationFailureError with the orchestrator state after a marker. */
export function parseFailure(err: unknown): OrchestratorOutcome {
  const message = err instanceof Error ? err.message : String(err);
  const at = message.indexOf(OUT_OF_PROC_MARKER);
  if (at < 0) return { error: message };
  try {
    const state = JSON.parse(message.slice(at + OUT_OF_PROC_MARKER.length)) as OrchestratorStateWire;
    return { state, error: state.error ?? message.slice(0, at).trim() };
  } catch {
    return { error: message.slice(0, at).trim() };
  }
}
