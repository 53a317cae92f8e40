import {
  ActionType,
  actionSignature,
  decodeProcessedInput,
  describeAction,
  flattenActions,
  toJsonText,
  type OrchestratorStateWire,
  type WireAction,
} from "./actions.js";
import { EventType, event, type HistoryEvent } from "./history.js";
import { scheduledEvent } from "./deliver.js";
import { subOrchestrationId, newInstanceId } from "./ids.js";
import { initialEngineState, type CallTarget, type EpisodeCommit, type NewInstance } from "./model.js";
import type { PendingEpisode } from "./episode.js";

/** What came back from invoking the orchestrator: its state, and the error message when it threw. */
export interface OrchestratorOutcome {
  state?: OrchestratorStateWire;
  error?: string;
}

/**
 * Turns the orchestrator's reply into history and work: new leaf actions get event ids in order, the
 * replayed ones must match what was recorded (otherwise the instance fails as non-deterministic, as in
 * DTFx), and completion, failure or continue-as-new end the execution.
 */
export function finishEpisode(p: PendingEpisode, outcome: OrchestratorOutcome): EpisodeCommit {
  const at = new Date(p.now).toISOString();
  const { instance, state } = p;
  const commit: EpisodeCommit = {
    consumed: p.consumed,
    appended: [...p.newEvents],
    resetHistory: false,
    instance: {
      status: instance.status === "Pending" ? "Running" : instance.status,
      output: instance.output,
      customStatus: instance.customStatus,
      state,
      input: instance.input,
      executionId: instance.executionId,
    },
    activities: [...p.followUps.activities],
    timers: [...p.followUps.timers],
    children: p.followUps.children.map((c) => child(c.target, instance.id, c.taskId)),
    outbox: p.followUps.immediateFailures.map((e) => ({
      instanceId: instance.id,
      executionId: instance.executionId,
      event: e,
    })),
  };
  if (!outcome.state) return fail(commit, p, outcome.error ?? "The orchestrator returned no state.");
  commit.instance.customStatus =
    outcome.state.customStatus === undefined ? null : toJsonText(outcome.state.customStatus);
  const leaves = flattenActions(outcome.state.actions ?? []);
  const known = state.signatures;
  const drift = firstDrift(leaves, known, outcome);
  if (drift) return fail(commit, p, drift);
  let continueAsNew: WireAction | undefined;
  for (const leaf of leaves.slice(known.length)) {
    known.push(actionSignature(leaf));
    if (leaf.actionType === ActionType.ContinueAsNew) continueAsNew = leaf;
    else {
      const problem = schedule(commit, p, leaf, at);
      if (problem) return fail(commit, p, problem);
    }
  }
  if (outcome.error !== undefined) return fail(commit, p, outcome.error);
  if (!outcome.state.isDone) {
    commit.appended.push(event(EventType.OrchestratorCompleted, at));
    return commit;
  }
  return continueAsNew
    ? restart(commit, p, continueAsNew, at)
    : complete(commit, p, outcome.state.output, at);
}

function firstDrift(leaves: WireAction[], known: string[], outcome: OrchestratorOutcome): string | undefined {
  for (let i = 0; i < Math.min(leaves.length, known.length); i++) {
    const now = actionSignature(leaves[i] as WireAction);
    if (now !== known[i]) return nonDeterminism(i, known[i] ?? "", `scheduled ${describeAction(now)}`);
  }
  if (leaves.length < known.length && !outcome.state?.isDone && outcome.error === undefined) {
    return nonDeterminism(leaves.length, known[leaves.length] ?? "", "has not scheduled it");
  }
  return undefined;
}

function nonDeterminism(index: number, recorded: string, now: string): string {
  return (
    `Non-Deterministic workflow detected: a previous execution scheduled ${describeAction(recorded)} as action ${index}, ` +
    `but the current replay ${now}. Was the orchestrator code changed while this instance was running?`
  );
}

/** Records one new leaf action; returns a problem for actions the local host does not support. */
function schedule(commit: EpisodeCommit, p: PendingEpisode, a: WireAction, at: string): string | undefined {
  const state = p.state;
  switch (a.actionType) {
    case ActionType.WaitForExternalEvent:
      return undefined;
    case ActionType.CreateTimer: {
      const id = state.nextEventId++;
      const final = a.fireAt ?? at;
      const long = Date.parse(final) - p.now > p.durations.maxShortTimerMs;
      const fireAt = long ? new Date(p.now + p.durations.longTimerIntervalMs).toISOString() : final;
      state.open[String(id)] = long
        ? { kind: "timer", fireAt, finalFireAt: final }
        : { kind: "timer", fireAt };
      commit.timers.push({ taskId: id, fireAt });
      commit.appended.push(event(EventType.TimerCreated, at, { EventId: id, FireAt: fireAt }));
      return undefined;
    }
    case ActionType.CallActivity:
    case ActionType.CallActivityWithRetry:
    case ActionType.CallSubOrchestrator:
    case ActionType.CallSubOrchestratorWithRetry:
      return call(commit, p, a, at);
    default:
      return (
        `The local host does not support action type ${a.actionType} (entities, callHttp). ` +
        "See docs/adr/0001-durable-engine.md."
      );
  }
}

function call(commit: EpisodeCommit, p: PendingEpisode, a: WireAction, at: string): string | undefined {
  const id = p.state.nextEventId++;
  const isActivity =
    a.actionType === ActionType.CallActivity || a.actionType === ActionType.CallActivityWithRetry;
  if (!a.functionName) return "An action has no functionName.";
  const target: CallTarget = isActivity
    ? { kind: "activity", name: a.functionName, input: decodeProcessedInput(a.input) }
    : {
        kind: "orchestration",
        name: a.functionName,
        input: a.input,
        instanceId: a.instanceId || subOrchestrationId(p.instance.id, id),
        explicitId: Boolean(a.instanceId),
        ...(a.version ? { version: a.version } : {}),
      };
  const retry = a.retryOptions ? { options: a.retryOptions, attempt: 1, firstAttemptAt: p.now } : undefined;
  p.state.open[String(id)] = retry ? { ...target, retry } : target;
  commit.appended.push(scheduledEvent(id, at, target));
  if (isActivity) commit.activities.push({ taskId: id, name: target.name, input: target.input });
  else commit.children.push(child(target, p.instance.id, id));
  return undefined;
}

function child(target: CallTarget, parentId: string, taskId: number): NewInstance {
  return {
    id: target.instanceId ?? subOrchestrationId(parentId, taskId),
    name: target.name,
    version: target.version ?? "",
    input: toJsonText(target.input),
    parentId,
    parentTaskId: taskId,
  };
}

function end(commit: EpisodeCommit, status: "Completed" | "Failed", result: string, at: string): void {
  commit.activities = [];
  commit.timers = [];
  commit.children = [];
  commit.outbox = [];
  commit.instance.status = status;
  commit.instance.output = result;
  commit.appended.push(
    event(EventType.ExecutionCompleted, at, { OrchestrationStatus: status, Result: result }),
    event(EventType.OrchestratorCompleted, at),
  );
}

function notifyParent(commit: EpisodeCommit, p: PendingEpisode, e: HistoryEvent): void {
  if (p.instance.parentId === null || p.instance.parentTaskId === null) return;
  commit.outbox.push({
    instanceId: p.instance.parentId,
    executionId: null,
    event: { ...e, TaskScheduledId: p.instance.parentTaskId },
  });
}

function complete(commit: EpisodeCommit, p: PendingEpisode, output: unknown, at: string): EpisodeCommit {
  const result = toJsonText(output);
  end(commit, "Completed", result, at);
  notifyParent(commit, p, event(EventType.SubOrchestrationInstanceCompleted, at, { Result: result }));
  return commit;
}

function fail(commit: EpisodeCommit, p: PendingEpisode, message: string): EpisodeCommit {
  const at = new Date(p.now).toISOString();
  const reason = `Orchestrator function '${p.instance.name}' failed: ${message}`;
  end(commit, "Failed", JSON.stringify(reason), at);
  const parentReason = `Sub orchestrator function '${p.instance.name}' failed: ${message}`;
  notifyParent(
    commit,
    p,
    event(EventType.SubOrchestrationInstanceFailed, at, { Reason: parentReason, Details: message }),
  );
  return commit;
}

/** Continue-as-new: a fresh execution with the new input; external events still in the inbox carry over. */
function restart(commit: EpisodeCommit, p: PendingEpisode, a: WireAction, at: string): EpisodeCommit {
  const input = toJsonText(decodeProcessedInput(a.input));
  const executionId = newInstanceId();
  commit.resetHistory = true;
  commit.appended = [];
  commit.activities = [];
  commit.timers = [];
  commit.children = [];
  commit.instance = {
    ...commit.instance,
    status: "Running",
    input,
    executionId,
    state: initialEngineState(),
  };
  const started = event(EventType.ExecutionStarted, at, {
    Name: p.instance.name,
    Input: input,
    Version: p.instance.version,
  });
  commit.outbox = [{ instanceId: p.instance.id, executionId, event: started }];
  return commit;
}
