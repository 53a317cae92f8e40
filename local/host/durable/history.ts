/**
 * History events in the shape the Durable Task extension hands to durable-functions 3.x
 * (PascalCase fields, numeric EventType). See ../shared/reference/durable-protocol.md §2.
 */
export const EventType = {
  ExecutionStarted: 0,
  ExecutionCompleted: 1,
  ExecutionFailed: 2,
  ExecutionTerminated: 3,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  SubOrchestrationInstanceCreated: 7,
  SubOrchestrationInstanceCompleted: 8,
  SubOrchestrationInstanceFailed: 9,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
  EventRaised: 15,
  ContinueAsNew: 16,
  ExecutionSuspended: 19,
  ExecutionResumed: 20,
} as const;

export type EventTypeCode = (typeof EventType)[keyof typeof EventType];

/** One history event. Only the fields of its type are present; `Timestamp` is an ISO string. */
export interface HistoryEvent {
  EventType: EventTypeCode;
  EventId: number;
  IsPlayed: boolean;
  Timestamp: string;
  Name?: string;
  Input?: string | null;
  Version?: string;
  Result?: string;
  TaskScheduledId?: number;
  Reason?: string;
  Details?: string;
  FireAt?: string;
  TimerId?: number;
  InstanceId?: string;
  ParentInstanceId?: string;
  OrchestrationStatus?: string;
}

export function event(type: EventTypeCode, at: string, fields: Partial<HistoryEvent> = {}): HistoryEvent {
  return { EventType: type, EventId: -1, IsPlayed: false, Timestamp: at, ...fields };
}

/** Names for logs and the status API's `historyEvents`, as the extension prints them. */
export const eventTypeName: Record<number, string> = Object.fromEntries(
  Object.entries(EventType).map(([name, code]) => [code, name]),
);

/** Events that carry a result for an open task (their arrival can resume the orchestrator). */
export function completesTask(e: HistoryEvent): boolean {
  return (
    e.EventType === EventType.TaskCompleted ||
    e.EventType === EventType.TaskFailed ||
    e.EventType === EventType.SubOrchestrationInstanceCompleted ||
    e.EventType === EventType.SubOrchestrationInstanceFailed ||
    e.EventType === EventType.TimerFired
  );
}
