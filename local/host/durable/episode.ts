import { EventType, event, type HistoryEvent } from "./history.js";
import { deliver, type FollowUps, type TimerDurations } from "./deliver.js";
import {
  isTerminal,
  type EngineState,
  type EpisodeCommit,
  type InboxMessage,
  type InstanceRecord,
} from "./model.js";
import { finishEpisode, type OrchestratorOutcome } from "./decide.js";

export interface OrchestrationPayload {
  history: HistoryEvent[];
  input: unknown;
  instanceId: string;
  isReplaying: boolean;
  parentInstanceId: string | null;
  upperSchemaVersion: number;
  upperSchemaVersionNew: number;
  longRunningTimerIntervalDuration: string;
  maximumShortTimerDuration: string;
  defaultHttpAsyncRequestSleepTimeMillseconds: number;
}

/** State carried from `beginEpisode` to `finishEpisode` across the orchestrator invocation. */
export interface PendingEpisode {
  instance: InstanceRecord;
  state: EngineState;
  now: number;
  consumed: number[];
  newEvents: HistoryEvent[];
  followUps: FollowUps;
  durations: TimerDurations;
}

export type EpisodeStart =
  | { kind: "idle" }
  | { kind: "commit"; commit: EpisodeCommit }
  | { kind: "run"; payload: OrchestrationPayload; pending: PendingEpisode };

const startedFirst = (a: InboxMessage, b: InboxMessage): number =>
  Number(b.event.EventType === EventType.ExecutionStarted) -
  Number(a.event.EventType === EventType.ExecutionStarted);

/**
 * Decides what an instance's inbox means before the orchestrator runs: control messages (terminate,
 * suspend, resume) are applied here, stale messages of an earlier execution are dropped, and the rest are
 * delivered as new history events. Pure: the caller invokes the orchestrator and calls `finishEpisode`.
 */
export function beginEpisode(
  instance: InstanceRecord,
  history: HistoryEvent[],
  inbox: InboxMessage[],
  now: number,
  durations: TimerDurations,
): EpisodeStart {
  const at = new Date(now).toISOString();
  const consumed: number[] = [];
  const control: HistoryEvent[] = [];
  const deliverable: InboxMessage[] = [];
  let status = instance.status;
  let started: HistoryEvent | undefined;
  const ordered = [...inbox].sort(startedFirst);
  // Control messages first: events that waited while the instance was suspended are delivered by the
  // same episode that resumes it.
  for (const m of ordered) {
    const e = m.event;
    if ((m.executionId !== null && m.executionId !== instance.executionId) || isTerminal(status)) continue;
    if (e.EventType === EventType.ExecutionTerminated)
      return { kind: "commit", commit: terminate(instance, inbox, at, e) };
    if (e.EventType === EventType.ExecutionSuspended || e.EventType === EventType.ExecutionResumed) {
      consumed.push(m.id);
      const suspend = e.EventType === EventType.ExecutionSuspended;
      if (suspend === (status !== "Suspended")) {
        status = suspend ? "Suspended" : "Running";
        control.push(e);
      }
    }
  }
  for (const m of ordered) {
    const e = m.event;
    if (e.EventType === EventType.ExecutionSuspended || e.EventType === EventType.ExecutionResumed) continue;
    if ((m.executionId !== null && m.executionId !== instance.executionId) || isTerminal(status)) {
      consumed.push(m.id); // stale or late: dropped
    } else if (status !== "Suspended") {
      consumed.push(m.id);
      if (e.EventType === EventType.ExecutionStarted) started = e;
      else deliverable.push(m);
    }
  }
  const state = structuredClone(instance.state);
  if (!started && deliverable.length === 0) {
    if (consumed.length === 0) return { kind: "idle" };
    const appended = control.length ? wrap(at, control) : [];
    return { kind: "commit", commit: bare(instance, consumed, appended, status) };
  }
  const { events, followUps } = deliver(state, deliverable, { instanceId: instance.id, now, durations });
  const newEvents = [
    event(EventType.OrchestratorStarted, at),
    ...control,
    ...(started ? [started] : []),
    ...events,
  ];
  const payload: OrchestrationPayload = {
    history: [...history.map((e) => ({ ...e, IsPlayed: true })), ...newEvents],
    input: instance.input === null ? null : (JSON.parse(instance.input) as unknown),
    instanceId: instance.id,
    isReplaying: history.length > 0,
    parentInstanceId: instance.parentId,
    upperSchemaVersion: 1,
    upperSchemaVersionNew: 3,
    longRunningTimerIntervalDuration: timeSpan(durations.longTimerIntervalMs),
    maximumShortTimerDuration: timeSpan(durations.maxShortTimerMs),
    defaultHttpAsyncRequestSleepTimeMillseconds: 30_000,
  };
  const pending = {
    instance: { ...instance, status },
    state,
    now,
    consumed,
    newEvents,
    followUps,
    durations,
  };
  return { kind: "run", payload, pending };
}

export { finishEpisode, type OrchestratorOutcome };

function wrap(at: string, events: HistoryEvent[]): HistoryEvent[] {
  return [event(EventType.OrchestratorStarted, at), ...events, event(EventType.OrchestratorCompleted, at)];
}

function bare(
  instance: InstanceRecord,
  consumed: number[],
  appended: HistoryEvent[],
  status: InstanceRecord["status"],
): EpisodeCommit {
  return {
    consumed,
    appended,
    resetHistory: false,
    instance: { ...pick(instance), status },
    activities: [],
    timers: [],
    children: [],
    outbox: [],
  };
}

function terminate(
  instance: InstanceRecord,
  inbox: InboxMessage[],
  at: string,
  e: HistoryEvent,
): EpisodeCommit {
  const reason = e.Input ?? "";
  const commit = bare(
    instance,
    inbox.map((m) => m.id),
    wrap(at, [e]),
    "Terminated",
  );
  commit.instance.output = JSON.stringify(reason);
  return commit;
}

export function pick(instance: InstanceRecord): EpisodeCommit["instance"] {
  const { status, output, customStatus, state, input, executionId } = instance;
  return { status, output, customStatus, state, input, executionId };
}

/** .NET TimeSpan text ("d.hh:mm:ss") as the extension sends the timer durations. */
export function timeSpan(ms: number): string {
  const s = Math.floor(ms / 1000);
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${Math.floor(s / 86400)}.${pad(Math.floor(s / 3600) % 24)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}
