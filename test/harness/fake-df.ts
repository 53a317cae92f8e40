import type { RetryOptions, Task } from "durable-functions";
import { asFakeTask, FakeTask, HarnessError, throughJson } from "./fake-tasks.js";

/** The mutable episode state the fake `context.df` reads and writes. */
export interface FakeDfState {
  readonly now: number;
  guids: number;
  readonly timers: FakeTask[];
  readonly statuses: unknown[];
  /** Input of the current execution (continueAsNew replaces it). */
  input: unknown;
  /** Set by continueAsNew; the driver starts the next execution with it. */
  continuedWith: { readonly input: unknown } | undefined;
}

/**
 * A minimal `context.df`: the calls our orchestrators use, on a virtual clock. Everything else throws
 * a HarnessError, so a test never silently passes over an API the harness does not model.
 */
export function createFakeDf(
  state: FakeDfState,
  setup: { readonly instanceId: string },
  isReplaying: boolean,
) {
  const unsupported = (what: string) => () => {
    throw new HarnessError(`${what} is not supported by the test harness`);
  };
  const df = {
    instanceId: setup.instanceId,
    parentInstanceId: undefined,
    isReplaying,
    customStatus: undefined as unknown,
    get currentUtcDateTime() {
      return new Date(state.now);
    },
    Task: {
      all: (tasks: Task[]) => new FakeTask({ kind: "all", children: tasks.map(asFakeTask) }),
      any: (tasks: Task[]) => new FakeTask({ kind: "any", children: tasks.map(asFakeTask) }),
    },
    callActivity: (name: string, input?: unknown) => new FakeTask({ kind: "activity", name, input }),
    callActivityWithRetry: (name: string, retry: RetryOptions, input?: unknown) =>
      new FakeTask({ kind: "activity", name, input, retry }),
    createTimer: (fireAt: Date) => {
      if (!(fireAt instanceof Date)) throw new HarnessError("createTimer needs a Date");
      const timer = new FakeTask({ kind: "timer", fireAt: new Date(fireAt) });
      state.timers.push(timer);
      return timer;
    },
    waitForExternalEvent: (name: string) => new FakeTask({ kind: "event", name }),
    newGuid: () => `00000000-0000-4000-8000-${String(++state.guids).padStart(12, "0")}`,
    setCustomStatus: (value: unknown) => {
      df.customStatus = value;
      state.statuses.push(throughJson(value));
    },
    getInput: () => throughJson(state.input),
    continueAsNew: (input: unknown) => {
      state.continuedWith = { input: throughJson(input) };
    },
    callSubOrchestrator: (name: string, input?: unknown, instanceId?: string) =>
      new FakeTask({ kind: "subOrchestration", name, input, instanceId }),
    callSubOrchestratorWithRetry: unsupported("callSubOrchestratorWithRetry"),
    callEntity: unsupported("callEntity"),
    signalEntity: unsupported("signalEntity"),
    callHttp: unsupported("callHttp"),
    lock: unsupported("lock"),
  };
  return df;
}
