import { errorText, type HostApi } from "./host-api.js";
import { StepError } from "./runner.js";

/** The parts of the Durable HTTP API's status payload the demo reads. */
export interface InstanceStatus {
  readonly name: string;
  readonly instanceId: string;
  readonly runtimeStatus: string;
  readonly input: unknown;
  readonly customStatus: unknown;
  readonly output: unknown;
  readonly createdTime: string;
  readonly lastUpdatedTime: string;
  readonly historyEvents?: readonly { readonly EventType: string }[];
}

const TERMINAL = new Set(["Completed", "Failed", "Terminated", "Canceled"]);
export const isTerminal = (s: Pick<InstanceStatus, "runtimeStatus">): boolean =>
  TERMINAL.has(s.runtimeStatus);

/**
 * An instance's status through the host's Durable HTTP API (the extension's
 * `/runtime/webhooks/durabletask/instances/{id}`; the master key opens it locally). Undefined: no such instance.
 */
export async function instanceStatus(
  api: HostApi,
  id: string,
  options: { showHistory?: boolean } = {},
): Promise<InstanceStatus | undefined> {
  const query = options.showHistory ? "?showHistory=true" : "";
  const response = await api.get(`/runtime/webhooks/durabletask/instances/${encodeURIComponent(id)}${query}`);
  if (response.status === 404) return undefined;
  if (response.status !== 200 && response.status !== 202) {
    throw new StepError(`the status of ${id} could not be read (${errorText(response)})`);
  }
  return response.body as InstanceStatus;
}

/** What the history says about the cost of waiting: events recorded and activities scheduled so far. */
export interface HistoryCost {
  readonly events: number;
  readonly activities: number;
  readonly timers: number;
}

export function historyCost(status: InstanceStatus): HistoryCost {
  const events = status.historyEvents ?? [];
  return {
    events: events.length,
    activities: events.filter((e) => e.EventType === "TaskScheduled").length,
    timers: events.filter((e) => e.EventType === "TimerCreated").length,
  };
}

/** Why a finished instance did not complete, from its status (output of a failure is the host's text). */
export function failureOf(status: InstanceStatus): string | undefined {
  if (status.runtimeStatus === "Completed") return undefined;
  const output = typeof status.output === "string" ? status.output : JSON.stringify(status.output);
  return `${status.name} ${status.instanceId} is ${status.runtimeStatus}${output ? `: ${output.slice(0, 400)}` : ""}`;
}
