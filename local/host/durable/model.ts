import type { HistoryEvent } from "./history.js";
import type { RetryOptionsWire } from "./retry.js";

export type RuntimeStatus = "Pending" | "Running" | "Completed" | "Failed" | "Terminated" | "Suspended";

export const terminalStatuses: readonly RuntimeStatus[] = ["Completed", "Failed", "Terminated"];

export function isTerminal(status: RuntimeStatus): boolean {
  return terminalStatuses.includes(status);
}

export interface RetryState {
  options: RetryOptionsWire;
  /** Attempts started so far (1 after the first scheduling). */
  attempt: number;
  firstAttemptAt: number;
  /** Set once the retry timeout has passed: remaining attempts fail without running. */
  expired?: boolean;
  lastFailure?: { reason: string; details: string };
}

export interface CallTarget {
  kind: "activity" | "orchestration";
  name: string;
  /** Decoded input (what the function receives). */
  input: unknown;
  instanceId?: string;
  /** False when the engine generated the sub-orchestration's id (a retry then gets a fresh one). */
  explicitId?: boolean;
  version?: string;
}

/** What the engine knows about an event id it handed out and has not seen completed yet. */
export type OpenTask =
  | (CallTarget & { retry?: RetryState })
  | { kind: "timer"; fireAt: string; finalFireAt?: string }
  | { kind: "retryTimer"; of: CallTarget; retry: RetryState };

/** Engine bookkeeping persisted with each instance. */
export interface EngineState {
  nextEventId: number;
  /** Leaf actions already turned into history, with their signatures for non-determinism checks. */
  signatures: string[];
  open: Record<string, OpenTask>;
}

export function initialEngineState(): EngineState {
  return { nextEventId: 0, signatures: [], open: {} };
}

export interface InstanceRecord {
  id: string;
  name: string;
  version: string;
  status: RuntimeStatus;
  /** JSON text of the input; null when started without one. */
  input: string | null;
  output: string | null;
  customStatus: string | null;
  createdAt: number;
  updatedAt: number;
  parentId: string | null;
  parentTaskId: number | null;
  executionId: string;
  state: EngineState;
}

/** A message waiting in an instance's inbox, to be appended to its history by the next episode. */
export interface InboxMessage {
  id: number;
  executionId: string | null;
  event: HistoryEvent;
}

export interface NewInstance {
  id: string;
  name: string;
  version: string;
  input: string | null;
  parentId: string | null;
  parentTaskId: number | null;
}

/** Everything one episode changes, committed in one transaction. */
export interface EpisodeCommit {
  consumed: number[];
  appended: HistoryEvent[];
  /** True when continue-as-new starts a fresh execution (history replaced by `appended`). */
  resetHistory: boolean;
  instance: Pick<InstanceRecord, "status" | "output" | "customStatus" | "state" | "input" | "executionId">;
  activities: { taskId: number; name: string; input: unknown }[];
  timers: { taskId: number; fireAt: string }[];
  children: NewInstance[];
  /** Messages for other instances (a parent's sub-orchestration result) or for this one (continue-as-new). */
  outbox: { instanceId: string; executionId: string | null; event: HistoryEvent; visibleAt?: number }[];
}
