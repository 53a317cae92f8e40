import { createRequire } from "node:module";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { EventType, event, type HistoryEvent } from "../../local/host/durable/history.js";

type Handler = (trigger: unknown, context: unknown) => Promise<unknown>;

/** A chain's history after `steps` completed activities, as the engine sends it (IsPlayed on past events). */
function chainHistory(steps: number): HistoryEvent[] {
  const t = (i: number): string => new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  const h: HistoryEvent[] = [
    event(EventType.OrchestratorStarted, t(0)),
    event(EventType.ExecutionStarted, t(0), { Name: "Chain", Input: String(steps + 1) }),
    event(EventType.TaskScheduled, t(0), { EventId: 0, Name: "Step" }),
    event(EventType.OrchestratorCompleted, t(0)),
  ];
  for (let i = 1; i <= steps; i++) {
    h.push(
      event(EventType.OrchestratorStarted, t(i)),
      event(EventType.TaskCompleted, t(i), {
        TaskScheduledId: i - 1,
        Result: JSON.stringify(`step-${i - 1}`),
      }),
      event(EventType.TaskScheduled, t(i), { EventId: i, Name: "Step" }),
      event(EventType.OrchestratorCompleted, t(i)),
    );
  }
  return h.map((e, i) => ({ ...e, IsPlayed: i < h.length - 4 }));
}

/**
 * Cost of one orchestrator episode (JSON round trip as on the wire, then durable-functions' replay of the
 * whole history) for histories of the given lengths.
 */
export async function replayCost(
  root: string,
  sizes: number[],
): Promise<{ events: number; msPerEpisode: number }[]> {
  const require = createRequire(join(root, "package.json"));
  const { createOrchestrator } = require("durable-functions/lib/src/util/testingUtils") as {
    createOrchestrator: (fn: unknown) => Handler;
  };
  const df = require("durable-functions") as {
    DummyOrchestrationContext: new (name: string, id: string, log: () => void) => unknown;
  };
  const chain = function* (context: {
    df: { getInput(): number; callActivity(n: string, i: unknown): unknown };
  }) {
    const n = context.df.getInput();
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) out.push(yield context.df.callActivity("Step", { i }));
    return out;
  };
  const handler = createOrchestrator(chain);
  const results: { events: number; msPerEpisode: number }[] = [];
  for (const size of sizes) {
    const history = chainHistory(Math.max(1, Math.round((size - 4) / 4)));
    const payload = JSON.stringify({
      history,
      input: Number(history[1]?.Input),
      instanceId: "bench",
      isReplaying: true,
      parentInstanceId: null,
      upperSchemaVersion: 1,
      upperSchemaVersionNew: 3,
      longRunningTimerIntervalDuration: "3.00:00:00",
      maximumShortTimerDuration: "6.00:00:00",
      defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
    });
    const runs = Math.max(20, Math.round(20_000 / size));
    const once = async (): Promise<void> => {
      const state = await handler(
        JSON.parse(payload),
        new df.DummyOrchestrationContext("Chain", "bench", () => undefined),
      );
      JSON.stringify(state);
    };
    for (let i = 0; i < 5; i++) await once();
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) await once();
    results.push({ events: history.length, msPerEpisode: (performance.now() - t0) / runs });
  }
  return results;
}
