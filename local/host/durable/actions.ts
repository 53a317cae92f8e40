import type { RetryOptionsWire } from "./retry.js";

/** Action types of durable-functions 3.x (lib/src/actions/ActionType.js). */
export const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  CallEntity: 7,
  CallHttp: 8,
  SignalEntity: 9,
  WhenAny: 11,
  WhenAll: 12,
  LockEntities: 13,
  ReleaseEntities: 14,
} as const;

/** An action as it arrives in the orchestrator's JSON state (dates already serialised to ISO strings). */
export interface WireAction {
  actionType: number;
  functionName?: string;
  input?: unknown;
  retryOptions?: RetryOptionsWire;
  instanceId?: string;
  version?: string;
  fireAt?: string;
  isCanceled?: boolean;
  externalEventName?: string;
  compoundActions?: WireAction[];
}

/** The orchestrator's reply (OrchestratorState). */
export interface OrchestratorStateWire {
  isDone: boolean;
  actions: WireAction[][];
  output?: unknown;
  error?: string;
  customStatus?: unknown;
  schemaVersion?: number;
}

/**
 * Leaf actions in the order durable-functions gives them sequence numbers: depth-first through WhenAny and
 * WhenAll. With schema V2+ the state holds every action since the start in one group.
 */
export function flattenActions(groups: WireAction[][]): WireAction[] {
  const out: WireAction[] = [];
  const visit = (a: WireAction): void => {
    if (a.actionType === ActionType.WhenAll || a.actionType === ActionType.WhenAny) {
      for (const child of a.compoundActions ?? []) visit(child);
    } else {
      out.push(a);
    }
  };
  for (const group of groups) for (const a of group) visit(a);
  return out;
}

/** What must stay the same for an action on replay (non-determinism detection). */
export function actionSignature(a: WireAction): string {
  switch (a.actionType) {
    case ActionType.WaitForExternalEvent:
      return `event:${a.externalEventName ?? ""}`;
    case ActionType.CreateTimer:
      return "timer";
    default:
      return `${a.actionType}:${a.functionName ?? ""}`;
  }
}

export function describeAction(signature: string): string {
  const [type, name] = signature.split(":");
  const label: Record<string, string> = {
    "0": "an activity",
    "1": "an activity",
    "2": "a sub-orchestration",
    "3": "a sub-orchestration",
    "4": "continue-as-new",
  };
  if (type === "timer") return "a durable timer";
  if (type === "event") return `a wait for external event '${name ?? ""}'`;
  return `${label[type ?? ""] ?? `action type ${type}`} '${name ?? ""}'`;
}

/** Activity and continue-as-new inputs are pre-encoded by durable-functions (Utils.processInput). */
export function decodeProcessedInput(input: unknown): unknown {
  if (typeof input !== "string") return input;
  try {
    return JSON.parse(input) as unknown;
  } catch {
    return input;
  }
}

/** JSON text of a value for history fields (`Input`, `Result`); `undefined` becomes `null`. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value) ?? "null";
}
