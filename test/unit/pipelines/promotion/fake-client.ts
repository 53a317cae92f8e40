import { HttpRequest } from "@azure/functions";
import type { DurableOrchestrationStatus } from "durable-functions";
import type { PromotionClient } from "../../../../shared/pipelines/promotion/promotion-http.js";

interface Instance {
  name: string;
  input: unknown;
  runtimeStatus: string;
  customStatus: unknown;
  output: unknown;
  createdTime: Date;
}

/** An in-memory task hub with the library's behaviour: getStatus of an unknown id throws (404). */
export class FakePromotionClient implements PromotionClient {
  readonly instances = new Map<string, Instance>();
  readonly events: { id: string; name: string; data: unknown }[] = [];

  getStatus(id: string): Promise<DurableOrchestrationStatus> {
    const found = this.instances.get(id);
    if (found === undefined) return Promise.reject(new Error("DurableClient error: HTTP 404 response"));
    return Promise.resolve(this.status(id, found));
  }

  getStatusBy(): Promise<DurableOrchestrationStatus[]> {
    return Promise.resolve([...this.instances].map(([id, i]) => this.status(id, i)));
  }

  startNew(name: string, options?: { instanceId?: string; input?: unknown }): Promise<string> {
    const id = options?.instanceId ?? "random";
    this.instances.set(id, {
      name,
      input: JSON.parse(JSON.stringify(options?.input ?? null)) as unknown,
      runtimeStatus: "Running",
      customStatus: { step: "preflight" },
      output: null,
      createdTime: new Date("2026-01-01T00:00:00Z"),
    });
    return Promise.resolve(id);
  }

  raiseEvent(id: string, name: string, data: unknown): Promise<void> {
    if (!this.instances.has(id)) return Promise.reject(new Error("404"));
    this.events.push({ id, name, data });
    return Promise.resolve();
  }

  /** Moves an instance along, as the orchestration would. */
  set(id: string, patch: Partial<Instance>): void {
    const found = this.instances.get(id);
    if (found === undefined) throw new Error(`no instance ${id}`);
    Object.assign(found, patch);
  }

  private status(id: string, i: Instance): DurableOrchestrationStatus {
    return {
      instanceId: id,
      name: i.name,
      runtimeStatus: i.runtimeStatus,
      customStatus: i.customStatus,
      output: i.output,
      input: i.input,
      createdTime: i.createdTime,
      lastUpdatedTime: i.createdTime,
    } as unknown as DurableOrchestrationStatus;
  }
}

export function devRequest(
  method: string,
  path: string,
  options: { as?: string; body?: unknown; raw?: string; params?: Record<string, string> } = {},
): HttpRequest {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.as !== undefined) headers["x-dev-principal"] = options.as;
  const text = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return new HttpRequest({
    method,
    url: `http://127.0.0.1:7071${path}`,
    headers,
    params: options.params ?? {},
    ...(text === undefined ? {} : { body: { string: text } }),
  });
}
