import type { DurableClient } from "durable-functions";

/** The three orchestration-client calls the landing code needs; small so tests pass a fake or the engine. */
export interface OrchestrationPort {
  /** The instance's runtime status (`Running`, `Completed`, ...), or undefined when it does not exist. */
  status(instanceId: string): Promise<string | undefined>;
  /** Starts an instance; rejects when one with this id is already running. */
  start(name: string, instanceId: string, input: unknown): Promise<void>;
  raise(instanceId: string, event: string, data: unknown): Promise<void>;
  /** Status and custom status in one call, when the client can (the landing ingress reads both). */
  inspect?(instanceId: string): Promise<InstanceView | undefined>;
}

export interface InstanceView {
  readonly runtimeStatus: string;
  readonly customStatus: unknown;
}

/** `port.inspect`, or the status alone from ports that cannot say more. */
export async function inspectInstance(
  port: OrchestrationPort,
  instanceId: string,
): Promise<InstanceView | undefined> {
  if (port.inspect) return port.inspect(instanceId);
  const runtimeStatus = await port.status(instanceId);
  return runtimeStatus === undefined ? undefined : { runtimeStatus, customStatus: null };
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
  const inspect = async (instanceId: string): Promise<InstanceView | undefined> => {
    try {
      const s = await client.getStatus(instanceId, { showInput: false });
      return { runtimeStatus: s.runtimeStatus, customStatus: s.customStatus };
    } catch (err) {
      if (err instanceof Error && /replied with HTTP 404 response/.test(err.message)) return undefined;
      throw err;
    }
  };
  return {
    inspect,
    status: async (instanceId) => (await inspect(instanceId))?.runtimeStatus,
    async start(name, instanceId, input) {
      await client.startNew(name, { instanceId, input });
    },
    raise: (instanceId, event, data) => client.raiseEvent(instanceId, event, data),
  };
}

/**
 * One port per distinct client binding value, re-used across invocations. durable-functions builds a new
 * DurableClient (URL validation, an axios instance) for every invocation, which was the largest single
 * cost of a one-event Event Grid invocation in the landing profile; the binding value (task hub, URLs,
 * key) is the same for every invocation of a worker, so the client built from it can be shared.
 */
export function cachedClientPorts<C>(
  bindingValue: (context: C) => unknown,
  build: (context: C) => DurableClient,
): (context: C) => OrchestrationPort {
  let cached: { key: string; port: OrchestrationPort } | undefined;
  return (context) => {
    const key = JSON.stringify(bindingValue(context)) ?? "";
    if (cached?.key !== key) cached = { key, port: durableClientPort(build(context)) };
    return cached.port;
  };
}
