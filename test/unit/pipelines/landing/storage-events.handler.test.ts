import { HttpRequest, InvocationContext } from "@azure/functions";
import type { DurableClient } from "durable-functions";
import { describe, expect, it } from "vitest";
import { compileTriggers } from "../../../../shared/lake/trigger-match.js";
import { PipelineConfigError, validatePipelineConfig } from "../../../../shared/pipelines/config/index.js";
import {
  createStorageEventGridHandler,
  createStorageWebhookHandler,
} from "../../../../shared/pipelines/landing/storage-events.handler.js";
import { createLandingDelivery } from "../../../../shared/pipelines/landing/delivery.js";
import {
  cachedClientPorts,
  durableClientPort,
} from "../../../../shared/pipelines/landing/orchestration-port.js";
import { createLogger, type LogEntry } from "../../../../shared/runtime/logger.js";
import { cloudEvent, eventGridEvent, subscriptionValidation } from "../../lake/samples.js";

const config = validatePipelineConfig({
  version: 1,
  landing: [
    {
      name: "customers-dev",
      target: "dev",
      storage_account: "stchurndev",
      filesystem: "landing",
      partition: "churn/customers/date={yyyy}-{MM}-{dd}",
      files: ["*.csv"],
    },
  ],
  steps: { train: { job: "train" }, evaluate: { job: "evaluate" }, register: { job: "register" } },
  gate: {},
  models: { dev: "main.ml.churn" },
  promotion: { path: ["dev"] },
});
const path = "churn/customers/date=2026-11-25/part-00000.csv";

/** A DurableClient double: instances in a map, calls recorded. Only the three methods the port uses. */
function fakeClient() {
  const instances = new Map<string, string>();
  const calls: string[] = [];
  const client = {
    getStatus: (id: string) => {
      calls.push("status");
      const runtimeStatus = instances.get(id);
      return runtimeStatus
        ? Promise.resolve({ runtimeStatus })
        : Promise.reject(
            new Error(`DurableClient error: Durable Functions extension replied with HTTP 404 response.`),
          );
    },
    startNew: (name: string, options: { instanceId: string }) => {
      calls.push(`start ${name}`);
      instances.set(options.instanceId, "Running");
      return Promise.resolve(options.instanceId);
    },
    raiseEvent: (_id: string, name: string) => {
      calls.push(`raise ${name}`);
      return Promise.resolve();
    },
  };
  return { client: client as unknown as DurableClient, calls };
}

function setup() {
  const logs: LogEntry[] = [];
  const deps = {
    triggers: () => compileTriggers(config.landing),
    logger: () => createLogger({ sink: (e) => logs.push(e), level: "debug" }),
  };
  return {
    handler: createStorageWebhookHandler(deps),
    eventGrid: createStorageEventGridHandler(deps),
    logs,
    ...fakeClient(),
  };
}

const post = (body: unknown, headers: Record<string, string>) =>
  new HttpRequest({
    method: "POST",
    url: "http://127.0.0.1:7071/api/events/storage",
    headers,
    body: { string: typeof body === "string" ? body : JSON.stringify(body) },
  });
const context = () => new InvocationContext({ functionName: "storageEventsWebhook" });
const notification = { "aeg-event-type": "Notification", "content-type": "application/json" };

describe("POST /api/events/storage", () => {
  it("answers the Event Grid schema's validation handshake with the code", async () => {
    const { handler, client } = setup();
    const request = post([subscriptionValidation("512d38b6-c7b8-40c8-89fe-f46f9e9622b6")], {
      "aeg-event-type": "SubscriptionValidation",
    });
    expect(await handler(request, client, context())).toEqual({
      status: 200,
      jsonBody: { validationResponse: "512d38b6-c7b8-40c8-89fe-f46f9e9622b6" },
    });
  });

  it("answers the CloudEvents OPTIONS handshake by echoing the origin", async () => {
    const { handler, client } = setup();
    const options = (headers: Record<string, string>) =>
      handler(
        new HttpRequest({ method: "OPTIONS", url: "http://127.0.0.1/api/events/storage", headers }),
        client,
        context(),
      );
    expect(await options({ "webhook-request-origin": "eventgrid.azure.net" })).toEqual({
      status: 200,
      headers: { "WebHook-Allowed-Origin": "eventgrid.azure.net", "WebHook-Allowed-Rate": "*" },
    });
    expect(await options({})).toMatchObject({ status: 400 });
  });

  it("hands a DFS write to its partition, skipping the CreateFile, unknown accounts and unsafe paths", async () => {
    const { handler, client, calls, logs } = setup();
    const events = [
      eventGridEvent({ path, api: "CreateFile", contentLength: 0 }),
      eventGridEvent({ path, api: "FlushWithClose" }),
      eventGridEvent({ path, api: "FlushWithClose", account: "stunknown" }),
      eventGridEvent({ path: "churn/customers/../x.csv", api: "PutBlob" }),
    ];
    const response = await handler(post(events, notification), client, context());
    expect(response).toEqual({ status: 200, jsonBody: { delivered: 1, ignored: 2, rejected: 1 } });
    expect(calls).toEqual(["status", "start landingDebounceV2"]);
    expect(logs.find((l) => l.level === "warn")?.fields).toMatchObject({
      reason: "path contains . or .. segments",
    });
  });

  it("accepts a CloudEvents batch, starting the partition's instance once with both files", async () => {
    const { handler, client, calls } = setup();
    const batch = [
      cloudEvent({ path, api: "PutBlob" }),
      cloudEvent({ path: path.replace("00000", "00001"), api: "PutBlob" }),
    ];
    const response = await handler(
      post(batch, { "content-type": "application/cloudevents-batch+json; charset=utf-8" }),
      client,
      context(),
    );
    expect(response).toEqual({ status: 200, jsonBody: { delivered: 2, ignored: 0, rejected: 0 } });
    expect(calls).toEqual(["status", "start landingDebounceV2"]);
  });

  it("refuses requests that are not Event Grid deliveries, and bodies that are not JSON", async () => {
    const { handler, client, calls } = setup();
    const plain = await handler(
      post([eventGridEvent({ path, api: "PutBlob" })], { "content-type": "application/json" }),
      client,
      context(),
    );
    expect(plain).toMatchObject({ status: 400, jsonBody: { error: { code: "NOT_EVENT_GRID" } } });
    const broken = await handler(post("{not json", notification), client, context());
    expect(broken).toMatchObject({ status: 400, jsonBody: { error: { code: "MALFORMED_EVENTS" } } });
    expect(calls).toEqual([]);
  });
});

describe("a broken sidecar", () => {
  it("answers 503 so Event Grid retries the delivery after the fix", async () => {
    const { client } = fakeClient();
    const handler = createStorageWebhookHandler({
      triggers: () => {
        throw new PipelineConfigError("churn/orchestrator.yml", [{ path: "version", message: "must be 1" }]);
      },
      logger: () => createLogger({ sink: () => undefined }),
    });
    const response = await handler(
      post([eventGridEvent({ path, api: "PutBlob" })], notification),
      client,
      context(),
    );
    expect(response).toMatchObject({ status: 503, jsonBody: { error: { code: "PIPELINE_CONFIG_INVALID" } } });
  });
});

describe("the app.eventGrid trigger handler", () => {
  it("ingests the one event it is given", async () => {
    const { eventGrid, client, calls } = setup();
    await eventGrid(eventGridEvent({ path, api: "PutBlockList" }), durableClientPort(client), context());
    expect(calls).toEqual(["status", "start landingDebounceV2"]);
  });

  it("shares one raise among concurrent invocations for a partition, without asking the status again", async () => {
    const { client, calls } = fakeClient();
    const eventGrid = createStorageEventGridHandler({
      triggers: () => compileTriggers(config.landing),
      logger: () => createLogger({ sink: () => undefined }),
      delivery: createLandingDelivery(),
    });
    const other = (n: number) => path.replace("00000", `0000${n}`);
    const port = durableClientPort(client);
    await Promise.all(
      [path, other(1), other(2), other(3)].map((p) =>
        eventGrid(eventGridEvent({ path: p, api: "PutBlob" }), port, context()),
      ),
    );
    // The first starts the instance; the three that arrived meanwhile go in one raise after it.
    expect(calls).toEqual(["status", "start landingDebounceV2", "raise FilesLanded"]);
    await eventGrid(eventGridEvent({ path: other(4), api: "PutBlob" }), port, context());
    expect(calls.slice(3)).toEqual(["raise FilesLanded"]);
    // Event Grid redelivers the first event: the live instance has it, nothing is sent.
    await eventGrid(eventGridEvent({ path, api: "PutBlob" }), port, context());
    expect(calls).toHaveLength(4);
  });

  it("builds one client per distinct binding value, not one per invocation", () => {
    const built: string[] = [];
    const ports = cachedClientPorts(
      (binding: string) => ({ taskHub: binding }),
      (binding) => {
        built.push(binding);
        return fakeClient().client;
      },
    );
    const a = ports("hub1");
    expect(ports("hub1")).toBe(a);
    expect(ports("hub2")).not.toBe(a);
    expect(built).toEqual(["hub1", "hub2"]);
  });
});
