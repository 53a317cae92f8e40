import { EventType, completesTask, event, type HistoryEvent } from "./history.js";
import type { CallTarget, EngineState, InboxMessage, OpenTask, RetryState } from "./model.js";
import { retryDelay } from "./retry.js";
import { toJsonText } from "./actions.js";
import { subOrchestrationId } from "./ids.js";

export interface TimerDurations {
  /** Timers longer than this are split (durable-functions' maximumShortTimerDuration). */
  maxShortTimerMs: number;
  /** Length of each piece of a split timer (longRunningTimerIntervalDuration). */
  longTimerIntervalMs: number;
}

export interface DeliveryContext {
  instanceId: string;
  now: number;
  durations: TimerDurations;
}

/** Work the engine starts because of an event it delivered (a retry attempt or the next piece of a timer). */
export interface FollowUps {
  activities: { taskId: number; name: string; input: unknown }[];
  timers: { taskId: number; fireAt: string }[];
  children: { taskId: number; target: CallTarget }[];
  /** Attempts that fail at once because the retry timeout has passed. */
  immediateFailures: HistoryEvent[];
}

/**
 * Orders the delivered events and allocates the event ids that durable-functions allocates while it
 * processes them: a failed retryable task takes one for its retry timer, a fired retry timer one for the
 * next attempt, a fired piece of a long timer one for the next piece. Those events never complete a task,
 * so they are placed before all others: durable-functions then numbers them before the orchestrator code
 * resumes and yields new tasks, exactly as the engine does (docs/adr/0001-durable-engine.md).
 */
export function deliver(
  state: EngineState,
  messages: InboxMessage[],
  ctx: DeliveryContext,
): { events: HistoryEvent[]; followUps: FollowUps } {
  const { now } = ctx;
  const at = new Date(now).toISOString();
  const followUps: FollowUps = { activities: [], timers: [], children: [], immediateFailures: [] };
  const first: HistoryEvent[] = [];
  const rest: HistoryEvent[] = [];
  for (const { event: e } of messages) {
    const created = completesTask(e) ? allocate(state, e, at, ctx, followUps) : undefined;
    if (created) first.push(e, created);
    else rest.push(e);
    settle(state, e);
  }
  return { events: [...first, ...rest], followUps };
}

function taskIdOf(e: HistoryEvent): number | undefined {
  return e.EventType === EventType.TimerFired ? e.TimerId : e.TaskScheduledId;
}

/** Removes the open task an event completes; allocation (if any) has already re-registered follow-ups. */
function settle(state: EngineState, e: HistoryEvent): void {
  const id = taskIdOf(e);
  if (id !== undefined && completesTask(e)) delete state.open[String(id)];
}

function allocate(
  state: EngineState,
  e: HistoryEvent,
  at: string,
  ctx: DeliveryContext,
  followUps: FollowUps,
): HistoryEvent | undefined {
  const { now, durations } = ctx;
  const task: OpenTask | undefined = state.open[String(taskIdOf(e))];
  if (!task) return undefined;
  const failed =
    e.EventType === EventType.TaskFailed || e.EventType === EventType.SubOrchestrationInstanceFailed;
  if (failed && (task.kind === "activity" || task.kind === "orchestration") && task.retry) {
    const retry: RetryState = {
      ...task.retry,
      lastFailure: { reason: e.Reason ?? "", details: e.Details ?? "" },
    };
    const delay = retryDelay(retry.options, retry.attempt, retry.firstAttemptAt, now);
    if (delay === undefined) retry.expired = true;
    const fireAt = new Date(now + (delay ?? 0)).toISOString();
    const { retry: _dropped, ...target } = task;
    return newTimer(state, followUps, at, fireAt, { kind: "retryTimer", of: target, retry });
  }
  if (e.EventType !== EventType.TimerFired) return undefined;
  if (task.kind === "retryTimer" && task.retry.attempt < task.retry.options.maxNumberOfAttempts) {
    const retry = { ...task.retry, attempt: task.retry.attempt + 1 };
    return nextAttempt(state, followUps, at, task.of, retry, ctx.instanceId);
  }
  if (task.kind === "timer" && task.finalFireAt && Date.parse(task.finalFireAt) > now) {
    const final = Date.parse(task.finalFireAt);
    const next = final - now > durations.maxShortTimerMs ? now + durations.longTimerIntervalMs : final;
    const fireAt = new Date(next).toISOString();
    return newTimer(state, followUps, at, fireAt, { kind: "timer", fireAt, finalFireAt: task.finalFireAt });
  }
  return undefined;
}

function newTimer(
  state: EngineState,
  followUps: FollowUps,
  at: string,
  fireAt: string,
  task: OpenTask,
): HistoryEvent {
  const id = state.nextEventId++;
  state.open[String(id)] = task;
  followUps.timers.push({ taskId: id, fireAt });
  return event(EventType.TimerCreated, at, { EventId: id, FireAt: fireAt });
}

function nextAttempt(
  state: EngineState,
  followUps: FollowUps,
  at: string,
  target: CallTarget,
  retry: RetryState,
  parentId: string,
): HistoryEvent {
  const id = state.nextEventId++;
  state.open[String(id)] = { ...target, retry };
  if (retry.expired) {
    // The retry timeout has passed: the attempt durable-functions expects fails without running.
    const failure = retry.lastFailure ?? { reason: "Retry timeout expired", details: "" };
    const type = target.kind === "activity" ? EventType.TaskFailed : EventType.SubOrchestrationInstanceFailed;
    followUps.immediateFailures.push(
      event(type, at, { TaskScheduledId: id, Reason: failure.reason, Details: failure.details }),
    );
  } else if (target.kind === "activity") {
    followUps.activities.push({ taskId: id, name: target.name, input: target.input });
  } else {
    const instanceId = target.explicitId ? (target.instanceId ?? "") : subOrchestrationId(parentId, id);
    target = { ...target, instanceId };
    state.open[String(id)] = { ...target, retry };
    followUps.children.push({ taskId: id, target });
  }
  return scheduledEvent(id, at, target);
}

export function scheduledEvent(id: number, at: string, target: CallTarget): HistoryEvent {
  return target.kind === "activity"
    ? event(EventType.TaskScheduled, at, { EventId: id, Name: target.name, Input: toJsonText(target.input) })
    : event(EventType.SubOrchestrationInstanceCreated, at, {
        EventId: id,
        Name: target.name,
        Input: toJsonText(target.input),
        InstanceId: target.instanceId ?? "",
      });
}
