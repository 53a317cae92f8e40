import type { OrchestrationHandler } from "durable-functions";
import type { ActivityContract } from "../../shared/durable/contracts.js";
import {
  Episode,
  type FakeActivity,
  type FakeSubOrchestration,
  type ScriptedEvent,
  type Step,
} from "./episode.js";
import { asFakeTask, HarnessError, throughJson } from "./fake-tasks.js";
import { fireAt, resolve } from "./resolve.js";

export { HarnessError } from "./fake-tasks.js";
export type { FakeActivity, FakeSubOrchestration, ScriptedEvent, Step } from "./episode.js";

export interface HarnessOptions {
  readonly input?: unknown;
  /** Fake activities by name; build entries with {@link fake}. */
  readonly activities?: Readonly<Record<string, FakeActivity>>;
  /** Fake sub-orchestrations by name (may drive a real one with {@link runOrchestration}). */
  readonly subOrchestrations?: Readonly<Record<string, FakeSubOrchestration>>;
  readonly events?: readonly ScriptedEvent[];
  /** Virtual clock start. Default 2026-01-01T00:00:00Z. */
  readonly startTime?: string;
  readonly instanceId?: string;
  /** Re-run against the recorded history and fail on any divergence. Default true. */
  readonly checkReplay?: boolean;
}

export interface OrchestrationRun {
  readonly status: "completed" | "failed";
  readonly output?: unknown;
  readonly error?: Error;
  /** Activities (one entry per attempt), timers and event waits, in scheduling order. */
  readonly steps: readonly Step[];
  readonly customStatus: readonly unknown[];
  /** Everything logged through the context, replay pass included (a replay-unsafe logger shows twice). */
  readonly logs: readonly { readonly level: string; readonly args: readonly unknown[] }[];
  /** Timers neither fired nor canceled: the real engine would keep the instance alive until they fire. */
  readonly pendingTimers: readonly string[];
  readonly finishedAt: string;
}

/** A typed fake for one contract, to spread into `activities`. */
export function fake<In, Out>(
  contract: ActivityContract<In, Out>,
  fn: (input: In) => Out | Promise<Out>,
): Record<string, FakeActivity> {
  return { [contract.name]: fn };
}

/**
 * Drives a durable-functions orchestrator with fake activities, a virtual clock and scripted events,
 * then replays it against the recorded history to catch non-determinism (the stepping approach of
 * Azure/azure-functions-durable-js#49). Activity bodies run through the same envelope as `implement()`.
 */
export async function runOrchestration(
  orchestrator: OrchestrationHandler,
  options: HarnessOptions = {},
): Promise<OrchestrationRun> {
  const logs: { level: string; args: unknown[] }[] = [];
  const setup = {
    input: options.input,
    instanceId: options.instanceId ?? "harness-instance",
    startMs: Date.parse(options.startTime ?? "2026-01-01T00:00:00.000Z"),
    activities: options.activities ?? {},
    subOrchestrations: options.subOrchestrations ?? {},
    events: options.events ?? [],
    log: (level: string, args: unknown[]) => logs.push({ level, args }),
  };
  const live = new Episode(setup);
  const result = await drive(live, orchestrator);
  if (options.checkReplay ?? true)
    await checkReplay(new Episode(setup, [...live.records]), orchestrator, live, result);
  return {
    ...result,
    steps: live.steps,
    customStatus: live.statuses,
    logs,
    pendingTimers: live.timers.filter((t) => !t.isCompleted && !t.isCanceled).map((t) => fireAt(t)),
    finishedAt: new Date(live.now).toISOString(),
  };
}

type Outcome = Pick<OrchestrationRun, "status" | "output" | "error">;

async function checkReplay(
  episode: Episode,
  orchestrator: OrchestrationHandler,
  live: Episode,
  first: Outcome,
) {
  const again = await drive(episode, orchestrator);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (
    !same(episode.steps, live.steps) ||
    !same(again.output, first.output) ||
    again.status !== first.status
  ) {
    throw new HarnessError(
      "Non-deterministic orchestrator: replaying its history produced different steps or output",
    );
  }
}

async function drive(episode: Episode, orchestrator: OrchestrationHandler): Promise<Outcome> {
  const asFailure = (err: unknown): Outcome => {
    if (err instanceof HarnessError) throw err;
    return { status: "failed", error: err instanceof Error ? err : new Error(String(err)) };
  };
  try {
    for (let executions = 1; ; executions++) {
      const output = await execute(episode, orchestrator);
      const continued = episode.continuedWith;
      if (continued === undefined) return { status: "completed", output };
      // continueAsNew: a fresh generator with the new input, on the same clock and event queue.
      if (executions >= 1_000) throw new HarnessError("Orchestrator continued as new more than 1000 times");
      episode.steps.push({ kind: "continueAsNew", input: continued.input });
      // The engine drops what the old execution still waited for; its timers never fire.
      for (const timer of episode.timers) if (!timer.isCompleted) timer.isCanceled = true;
      episode.input = continued.input;
      episode.continuedWith = undefined;
    }
  } catch (err) {
    return asFailure(err);
  }
}

/** One execution: drives a generator to its return value; throws what the orchestration throws. */
async function execute(episode: Episode, orchestrator: OrchestrationHandler): Promise<unknown> {
  const generator = orchestrator(episode.context());
  let next = generator.next();
  for (let yields = 0; !next.done; yields++) {
    if (yields > 10_000) throw new HarnessError("Orchestrator yielded more than 10000 times");
    const task = asFakeTask(next.value);
    episode.schedule(task);
    const settled = await resolve(episode, task).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) =>
        error instanceof HarnessError ? Promise.reject(error) : { ok: false as const, error },
    );
    next = settled.ok ? generator.next(settled.value) : generator.throw(settled.error);
  }
  return throughJson(next.value);
}
