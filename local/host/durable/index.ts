import { cpus } from "node:os";
import type { DurableBackend, EngineOptions } from "../contracts.js";
import { systemClock, type Clock } from "./clock.js";
import { Dispatcher, type EngineSettings } from "./engine.js";
import { createDurableHttpApi } from "./http-api.js";
import { Operations } from "./operations.js";
import { Store } from "./store.js";
import { createManagementUrls } from "./urls.js";

export interface DurableEngineOptions extends EngineOptions {
  clock?: Clock;
  log?: EngineSettings["log"];
  /** Tests inject a store that fails on purpose; by default one is opened in `dataDir`. */
  store?: Store;
}

export interface DurableEngine extends DurableBackend {
  readonly operations: Operations;
  readonly dispatcher: Dispatcher;
}

const DAY = 86_400_000;

/** host.json `extensions.durableTask` limits; the extension's defaults are 10 per processor. */
function limits(hostJson: unknown): { activities: number; orchestrations: number } {
  const dt =
    (hostJson as { extensions?: { durableTask?: Record<string, unknown> } } | undefined)?.extensions
      ?.durableTask ?? {};
  const fallback = 10 * Math.max(1, cpus().length);
  const pick = (v: unknown): number => (typeof v === "number" && v > 0 ? v : fallback);
  return {
    activities: pick(dt.maxConcurrentActivityFunctions),
    orchestrations: pick(dt.maxConcurrentOrchestratorFunctions),
  };
}

const defaultLog: EngineSettings["log"] = (level, message, fields) => {
  if (level === "info") return;
  console.error(`[durable] ${level}: ${message}`, fields ? JSON.stringify(fields) : "");
};

/** The local host's durable engine: storage, dispatcher and the Durable HTTP API. */
export function createDurableEngine(options: DurableEngineOptions): DurableEngine {
  const clock = options.clock ?? systemClock;
  const store = options.store ?? new Store(options.dataDir);
  const max = limits(options.hostJson);
  const dispatcher = new Dispatcher(store, options.runner, {
    clock,
    durations: { maxShortTimerMs: 6 * DAY, longTimerIntervalMs: 3 * DAY },
    maxConcurrentActivities: max.activities,
    maxConcurrentOrchestrations: max.orchestrations,
    log: options.log ?? defaultLog,
  });
  const isOrchestrator = (name: string): boolean =>
    options.runner.functionsOfType("orchestrationTrigger").includes(name);
  const operations = new Operations(
    store,
    clock,
    isOrchestrator,
    () => dispatcher.wake(),
    (write) => dispatcher.groupCommit(write),
  );
  const urls = createManagementUrls(options.baseUrl, options.taskHub, options.systemKey);
  const api = createDurableHttpApi(operations, urls);
  return {
    operations,
    dispatcher,
    clientBindingValue: () => urls.bindingValue(),
    handleHttp: api,
    start: () => dispatcher.start(),
    async stop() {
      await dispatcher.stop();
      store.close();
    },
  };
}
