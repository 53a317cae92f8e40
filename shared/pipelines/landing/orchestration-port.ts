import type { DurableClient } from "durable-functions";

/** The three orchestration-client calls the landing code needs; small so tests pass a fake or the engine. */
export interface OrchestrationPort {
  /** The instance's runtime status (`Running`, `Completed`, ...), or undefined when it does not exist. */
  status(instanceId: string): Promise<string | undefined>;
  /** Starts an instance; rejects when one with this id is already running. */
  start(name: string, instanceId: string, input: unknown): Promise<void>;
  raise(instanceId: string, event: string, data: unknown): Promise<void>;
}

/** Statuses in which an instance still receives events. */
export const LIVE_STATUSES: ReadonlySet<string> = new Set([
  "Running",
  "Pending",
  "ContinuedAsNew",
  "Suspended",
]);

/**
 * Adapts durable-functions' client. Its getStatus throws on 404 with no status code to branch on, so a
 * missing instance is recognised by the library's own message (durableClient/DurableClient.js, 3.5).
 */
export function durableClientPort(client: DurableClient): OrchestrationPort {
  return {
    async status(instanceId) {
      try {
        return (await client.getStatus(instanceId)).runtimeStatus;
      } catch (err) {
        if (err instanceof Error && /replied with HTTP 404 response/.test(err.message)) return undefined;
        throw err;
      }
    },
    async start(name, instanceId, input) {
      await client.startNew(name, { instanceId, input });
    },
    raise: (instanceId, event, data) => client.raiseEvent(instanceId, event, data),
  };
}
