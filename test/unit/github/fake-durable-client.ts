import type { DurableOrchestrationStatus } from "durable-functions";
import type { StartClient } from "../../../shared/durable/start-once.js";

/** An in-memory stand-in for the two DurableClient calls startOnce makes, with the library's 404 behaviour. */
export class FakeStartClient implements StartClient {
  readonly instances = new Map<string, { name: string; input: unknown }>();
  startCalls = 0;
  /** Runs inside startNew before it records the instance, to stage races and failures. */
  beforeStart: ((instanceId: string) => void) | undefined;

  getStatus(instanceId: string): Promise<DurableOrchestrationStatus> {
    const found = this.instances.get(instanceId);
    if (found === undefined) {
      return Promise.reject(
        new Error("DurableClient error: Durable Functions extension replied with HTTP 404 response."),
      );
    }
    return Promise.resolve({
      instanceId,
      name: found.name,
      runtimeStatus: "Running",
    } as unknown as DurableOrchestrationStatus);
  }

  startNew(name: string, options?: { instanceId?: string; input?: unknown }): Promise<string> {
    this.startCalls++;
    const id = options?.instanceId ?? "random";
    try {
      this.beforeStart?.(id);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    this.instances.set(id, { name, input: JSON.parse(JSON.stringify(options?.input ?? null)) });
    return Promise.resolve(id);
  }
}
