import * as df from "durable-functions";
import type { DurableOrchestrationContext, OrchestrationContext, RetryOptions } from "durable-functions";
import { settleActivity } from "../../shared/durable/implement.js";
import { createFakeDf } from "./fake-df.js";
import { HarnessError, retryDelayMs, throughJson, type FakeTask } from "./fake-tasks.js";

/** A fake activity body; receives JSON input, returns or throws like the real one. */
export type FakeActivity = (input: never) => unknown;
/** A fake sub-orchestration: receives the child's JSON input and id, returns its output or throws. */
export type FakeSubOrchestration = (input: never, instanceId: string | undefined) => unknown;
/** An event raised `afterMs` after the orchestration started (0: already waiting in the inbox). */
export interface ScriptedEvent {
  readonly name: string;
  readonly data?: unknown;
  readonly afterMs?: number;
}
/** One scheduled operation, in the order the orchestrator scheduled it. */
export type Step =
  | { readonly kind: "activity"; readonly name: string; readonly input: unknown }
  | {
      readonly kind: "subOrchestration";
      readonly name: string;
      readonly instanceId: string | undefined;
      readonly input: unknown;
    }
  | { readonly kind: "timer"; readonly fireAt: string }
  | { readonly kind: "event"; readonly name: string }
  | { readonly kind: "continueAsNew"; readonly input: unknown };
/** One activity's result as history would hold it, replayed in the determinism pass. */
export interface ActivityRecord {
  readonly name: string;
  readonly input: string;
  readonly attempts: number;
  readonly elapsedMs: number;
  readonly outcome:
    { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };
}
export interface EpisodeSetup {
  readonly input: unknown;
  readonly instanceId: string;
  readonly startMs: number;
  readonly activities: Readonly<Record<string, FakeActivity>>;
  readonly subOrchestrations?: Readonly<Record<string, FakeSubOrchestration>>;
  readonly events: readonly ScriptedEvent[];
  readonly log: (level: string, args: unknown[]) => void;
}

/**
 * One run of the generator against a fake `context.df`. Live episodes call the fakes and record
 * their results; replay episodes serve the recorded results, like the real engine replaying history.
 */
export class Episode {
  now: number;
  readonly steps: Step[] = [];
  guids = 0;
  input: unknown;
  continuedWith: { readonly input: unknown } | undefined = undefined;
  readonly statuses: unknown[] = [];
  readonly timers: FakeTask[] = [];
  readonly records: ActivityRecord[] = [];
  private readonly events: ScriptedEvent[];
  private readonly scheduled = new WeakSet<FakeTask>();

  constructor(
    private readonly setup: EpisodeSetup,
    private readonly replay?: ActivityRecord[],
  ) {
    this.now = setup.startMs;
    this.input = setup.input;
    this.events = [...setup.events];
  }

  /** A real `DummyOrchestrationContext` (logs, invocation fields) with our fake `df` on it. */
  context(): OrchestrationContext {
    const context = new df.DummyOrchestrationContext("HarnessOrchestrator", "harness", (level, ...args) =>
      this.setup.log(level, args),
    );
    // The fake implements what orchestrators use; the rest of the class throws on use (see unsupported).
    context.df = createFakeDf(
      this,
      this.setup,
      this.replay !== undefined,
    ) as unknown as DurableOrchestrationContext;
    return context;
  }

  /** Records the leaves of a newly yielded task, depth-first, as the engine numbers them. */
  schedule(task: FakeTask): void {
    if (this.scheduled.has(task) || task.isCompleted) return;
    this.scheduled.add(task);
    const { spec } = task;
    if (spec.kind === "all" || spec.kind === "any") spec.children.forEach((c) => this.schedule(c));
    else if (spec.kind === "timer") this.steps.push({ kind: "timer", fireAt: spec.fireAt.toISOString() });
    else if (spec.kind === "event") this.steps.push({ kind: "event", name: spec.name });
    else if (spec.kind === "activity")
      this.steps.push({ kind: "activity", name: spec.name, input: throughJson(spec.input) });
    else if (spec.kind === "subOrchestration")
      this.steps.push({
        kind: "subOrchestration",
        name: spec.name,
        instanceId: spec.instanceId,
        input: throughJson(spec.input),
      });
  }

  /** When a task would complete on the virtual clock; Infinity if never. */
  completesAt(task: FakeTask): number {
    const { spec } = task;
    if (task.isCompleted || spec.kind === "activity" || spec.kind === "subOrchestration") return this.now;
    if (spec.kind === "timer") return task.isCanceled ? Infinity : Math.max(this.now, spec.fireAt.getTime());
    if (spec.kind === "event") {
      const event = this.events.find((e) => e.name === spec.name);
      return event ? Math.max(this.now, this.setup.startMs + (event.afterMs ?? 0)) : Infinity;
    }
    const times = spec.children.map((c) => this.completesAt(c));
    return spec.kind === "all" ? Math.max(...times) : Math.min(...times);
  }

  /** Takes the next scripted event with this name off the queue. */
  takeEvent(name: string): ScriptedEvent | undefined {
    const index = this.events.findIndex((e) => e.name === name);
    return index < 0 ? undefined : this.events.splice(index, 1)[0];
  }

  /** Runs one activity (with retries on the virtual clock), or replays its recorded result. */
  async runActivity(name: string, input: unknown, retry: RetryOptions | undefined): Promise<unknown> {
    const record = this.replay ? this.replayed(name, input) : await this.live(name, input, retry);
    this.now += record.elapsedMs;
    for (let i = 1; i < record.attempts; i++)
      this.steps.push({ kind: "activity", name, input: throughJson(input) });
    if (record.outcome.ok) return record.outcome.value;
    throw new Error(`Activity function '${name}' failed: ${record.outcome.message}`);
  }

  /**
   * Runs a fake sub-orchestration (its output is not enveloped: orchestrations return plain values),
   * or replays its recorded result. It completes at once on the parent's clock.
   */
  async runSubOrchestration(name: string, instanceId: string | undefined, input: unknown): Promise<unknown> {
    const call = { instanceId, input };
    const record = this.replay ? this.replayed(name, call) : await this.liveSub(name, call);
    if (record.outcome.ok) return record.outcome.value;
    throw new Error(`Sub-orchestration '${name}' failed: ${record.outcome.message}`);
  }

  private async liveSub(
    name: string,
    call: { instanceId: string | undefined; input: unknown },
  ): Promise<ActivityRecord> {
    const fn = this.setup.subOrchestrations?.[name];
    if (fn === undefined) throw new HarnessError(`No fake sub-orchestration named ${name}`);
    const base = { name, input: JSON.stringify(call), attempts: 1, elapsedMs: 0 };
    try {
      const value = throughJson(await fn(throughJson(call.input) as never, call.instanceId));
      return this.keep({ ...base, outcome: { ok: true, value } });
    } catch (err) {
      if (err instanceof HarnessError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      return this.keep({ ...base, outcome: { ok: false, message } });
    }
  }

  private replayed(name: string, input: unknown): ActivityRecord {
    const record = this.replay?.shift();
    if (record?.name !== name || record.input !== JSON.stringify(input)) {
      throw new HarnessError(
        `Non-deterministic orchestrator: replay scheduled ${name}, history has ${record?.name}`,
      );
    }
    return record;
  }

  private async live(name: string, input: unknown, retry: RetryOptions | undefined): Promise<ActivityRecord> {
    const fn = this.setup.activities[name];
    if (fn === undefined) throw new HarnessError(`No fake activity named ${name}`);
    const maxAttempts = retry?.maxNumberOfAttempts ?? 1;
    let elapsedMs = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        const value = throughJson(await settleActivity(() => fn(throughJson(input) as never)));
        return this.keep({
          name,
          input: JSON.stringify(input),
          attempts: attempt,
          elapsedMs,
          outcome: { ok: true, value },
        });
      } catch (err) {
        if (err instanceof HarnessError) throw err;
        if (retry === undefined || attempt >= maxAttempts) {
          const message = err instanceof Error ? err.message : String(err);
          return this.keep({
            name,
            input: JSON.stringify(input),
            attempts: attempt,
            elapsedMs,
            outcome: { ok: false, message },
          });
        }
        elapsedMs += retryDelayMs(retry, attempt);
      }
    }
  }

  private keep(record: ActivityRecord): ActivityRecord {
    this.records.push(record);
    return record;
  }
}
