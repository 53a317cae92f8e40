import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import df, { type OrchestrationContext } from "durable-functions";
import type { FunctionRunner } from "../../../local/host/contracts.js";
import { VirtualClock } from "../../../local/host/durable/clock.js";
import { createDurableEngine, type DurableEngine } from "../../../local/host/durable/index.js";
import type { RuntimeStatus } from "../../../local/host/durable/model.js";
import type { Store } from "../../../local/host/durable/store.js";

export type Ctx = OrchestrationContext;
/** Yields come back as `unknown`: durable-functions types them `any`, tests cast what they use. */
export type Gen = Generator<unknown, unknown, unknown>;
type Orchestrator = (context: OrchestrationContext) => Gen;
type Activity = (input: unknown) => unknown;

// The wrapper df.app.orchestration uses (lib/src/util/testingUtils.js); not exported from the root.
const require = createRequire(import.meta.url);
const { createOrchestrator } = require("durable-functions/lib/src/util/testingUtils") as {
  createOrchestrator: (fn: Orchestrator) => (trigger: unknown, context: unknown) => Promise<unknown>;
};

const roundTrip = (v: unknown): unknown => (v === undefined ? null : JSON.parse(JSON.stringify(v)));

/**
 * A FunctionRunner that runs orchestrators through durable-functions' own Orchestrator and activities as
 * plain functions, with the JSON round trips the host performs. The full path through @azure/functions'
 * invocation model is covered by the host's integration tests.
 */
export class LibraryRunner implements FunctionRunner {
  constructor(
    public orchestrations: Record<string, Orchestrator>,
    public activities: Record<string, Activity> = {},
  ) {}

  functionsOfType(type: string): string[] {
    if (type === "orchestrationTrigger") return Object.keys(this.orchestrations);
    if (type === "activityTrigger") return Object.keys(this.activities);
    return [];
  }

  async invoke(name: string, trigger: unknown): Promise<unknown> {
    const orchestrator = this.orchestrations[name];
    if (orchestrator) {
      const handler = createOrchestrator(orchestrator);
      return roundTrip(
        await handler(roundTrip(trigger), new df.DummyOrchestrationContext(name, "inv", () => undefined)),
      );
    }
    const activity = this.activities[name];
    if (!activity) throw new Error(`no function ${name}`);
    return roundTrip(await activity(roundTrip(trigger)));
  }
}

export interface EngineFixture {
  engine: DurableEngine;
  clock: VirtualClock;
  runner: LibraryRunner;
  dataDir: string;
  waitForStatus(id: string, statuses: RuntimeStatus[]): Promise<void>;
  /** Moves the virtual clock by `stepMs` at a time until the instance reaches a status (retry timers). */
  advanceUntil(id: string, statuses: RuntimeStatus[], stepMs: number): Promise<void>;
  close(): Promise<void>;
}

/** An engine on a temporary database with a virtual clock; `close` stops it and removes the data. */
export function engineFixture(
  runner: LibraryRunner,
  dataDir = mkdtempSync(join(tmpdir(), "durable-")),
  store?: (dataDir: string) => Store,
): EngineFixture {
  const clock = new VirtualClock();
  const engine = createDurableEngine({
    ...(store ? { store: store(dataDir) } : {}),
    dataDir,
    taskHub: "TestHub",
    runner,
    baseUrl: "http://127.0.0.1:1",
    systemKey: "test-system-key",
    hostJson: {},
    clock,
    log: () => undefined,
  });
  engine.start();
  return {
    engine,
    clock,
    runner,
    dataDir,
    async waitForStatus(id, statuses) {
      // Bounded wait for the dispatcher to get there: a correctness check, not a timing one.
      for (let i = 0; i < 2000; i++) {
        const status = engine.operations.get(id)?.status;
        if (status && statuses.includes(status)) return;
        await new Promise((r) => setTimeout(r, 5));
      }
      throw new Error(
        `instance ${id} is ${engine.operations.get(id)?.status ?? "missing"}, expected ${statuses.join("|")}`,
      );
    },
    async advanceUntil(id, statuses, stepMs) {
      // Bounded by count, not by time: a slow machine takes more rounds, never fails the test.
      for (let i = 0; i < 2000; i++) {
        const status = engine.operations.get(id)?.status;
        if (status && statuses.includes(status)) return;
        await new Promise((r) => setTimeout(r, 10));
        clock.advance(stepMs);
      }
      throw new Error(
        `instance ${id} is ${engine.operations.get(id)?.status ?? "missing"}, expected ${statuses.join("|")}`,
      );
    },
    async close() {
      await engine.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** History reduced to what the protocol fixes: type, ids and names (timestamps vary). */
export function shape(
  events: { EventType: number; EventId: number; Name?: string; TaskScheduledId?: number; TimerId?: number }[],
): string[] {
  const names: Record<number, string> = {
    0: "ExecutionStarted",
    1: "ExecutionCompleted",
    3: "ExecutionTerminated",
    4: "TaskScheduled",
    5: "TaskCompleted",
    6: "TaskFailed",
    7: "SubOrchestrationInstanceCreated",
    8: "SubOrchestrationInstanceCompleted",
    9: "SubOrchestrationInstanceFailed",
    10: "TimerCreated",
    11: "TimerFired",
    12: "OrchestratorStarted",
    13: "OrchestratorCompleted",
    15: "EventRaised",
    19: "ExecutionSuspended",
    20: "ExecutionResumed",
  };
  return events.map((e) => {
    const ref = e.TaskScheduledId ?? e.TimerId;
    const id = e.EventId >= 0 ? `#${e.EventId}` : ref !== undefined ? `->${ref}` : "";
    return `${names[e.EventType] ?? e.EventType}${id}${e.Name ? ` ${e.Name}` : ""}`;
  });
}

export function startInstance(f: EngineFixture, name: string, input: unknown, id?: string): string {
  const r = f.engine.operations.start(name, id, input === undefined ? null : JSON.stringify(input));
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

export function outputOf(f: EngineFixture, id: string): unknown {
  return JSON.parse(f.engine.operations.get(id)?.output ?? "null");
}
