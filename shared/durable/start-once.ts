import type { DurableClient } from "durable-functions";

/** What {@link startOnce} reports: whether this call started the instance or found it already there. */
export interface StartOnceResult {
  readonly instanceId: string;
  readonly started: boolean;
}

/** Starts orchestrations by business-keyed id; the webhook and event handlers depend on this, not on the client. */
export interface OrchestrationStarter {
  startOnce(orchestrator: string, instanceId: string, input: unknown): Promise<StartOnceResult>;
}

/** The two DurableClient calls {@link startOnce} needs; small so tests pass a fake. */
export type StartClient = Pick<DurableClient, "getStatus" | "startNew">;

async function exists(client: StartClient, instanceId: string): Promise<boolean> {
  try {
    await client.getStatus(instanceId);
    return true;
  } catch {
    // durable-functions reports "no such instance" only as a thrown 404; anything else surfaces below.
    return false;
  }
}

/**
 * Starts `orchestrator` as `instanceId` unless an instance with that id exists in any state, so a
 * redelivered event (same business key, same id) returns the existing instance and starts nothing.
 * A start that fails because a concurrent call won the race is reported as existing; any other failure
 * is rethrown. Starting over a finished instance would replace it, which is why existence is checked first.
 */
export async function startOnce(
  client: StartClient,
  orchestrator: string,
  instanceId: string,
  input: unknown,
): Promise<StartOnceResult> {
  if (await exists(client, instanceId)) return { instanceId, started: false };
  try {
    await client.startNew(orchestrator, { instanceId, input });
    return { instanceId, started: true };
  } catch (err) {
    if (await exists(client, instanceId)) return { instanceId, started: false };
    throw err;
  }
}

/** An {@link OrchestrationStarter} over a DurableClient. */
export function durableStarter(client: StartClient): OrchestrationStarter {
  return {
    startOnce: (orchestrator, instanceId, input) => startOnce(client, orchestrator, instanceId, input),
  };
}

/**
 * An {@link OrchestrationStarter} that asks for its client only when a start is requested, once per
 * starter. Most webhook deliveries start nothing (pings, pushes no route deploys, rejected ones), and
 * durable-functions' client validates every management URL and builds an HTTP client on creation: about
 * a tenth of the webhook's CPU per delivery in `npm run bench:ingress` (#6, docs/benchmarks.md).
 */
export function lazyDurableStarter(client: () => StartClient): OrchestrationStarter {
  let made: StartClient | undefined;
  return {
    // async, so a client that cannot be built is a rejected start like any other start failure.
    startOnce: async (orchestrator, instanceId, input) =>
      startOnce((made ??= client()), orchestrator, instanceId, input),
  };
}
