import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHost, type RunningHost } from "../../../local/host/host.js";
import { fixture, rawRequest, tempDataDir } from "./helpers.js";

const g = globalThis as unknown as { __fixtureReceived?: { fn: string; id?: string; type?: string }[] };
let host: RunningHost;

beforeAll(async () => {
  host = await startHost({ app: fixture("cjs-app"), port: 0, dataDir: tempDataDir(), maxBodyBytes: 64 * 1024, log: () => {} });
});
afterAll(async () => {
  await host?.stop();
});

const hook = (fn = "onBlobEvent", key = host.keys.systemKeys.eventgrid_extension): string =>
  `${host.url}/runtime/webhooks/eventgrid?functionName=${fn}&code=${encodeURIComponent(key)}`;

/** Shapes from MicrosoftDocs azure-docs event-schema-blob-storage.md (ADLS Gen2 FlushWithClose). */
const blobCreated = (id: string, fail = false): Record<string, unknown> => ({
  topic: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct",
  subject: "/blobServices/default/containers/bundles/blobs/team-a/bundle.zip",
  eventType: "Microsoft.Storage.BlobCreated",
  eventTime: "2026-03-04T10:00:00.000Z",
  id,
  data: { api: "FlushWithClose", contentType: "application/zip", contentLength: 10, blobType: "BlockBlob", url: "https://acct.dfs.core.windows.net/bundles/team-a/bundle.zip", fail },
  dataVersion: "2",
  metadataVersion: "1",
});
const cloudEvent = (id: string): Record<string, unknown> => ({
  specversion: "1.0",
  type: "Microsoft.Storage.BlobCreated",
  source: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct",
  subject: "/blobServices/default/containers/bundles/blobs/team-a/bundle.zip",
  id,
  time: "2026-03-04T10:00:00.000Z",
  datacontenttype: "application/json",
  data: { api: "FlushWithClose", url: "https://acct.dfs.core.windows.net/bundles/team-a/bundle.zip" },
});
const post = (url: string, body: unknown, headers: Record<string, string>): Promise<Response> =>
  fetch(url, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers });
const seen = (id: string): boolean => !!g.__fixtureReceived?.some((r) => r.id === id);

describe("Event Grid webhook", () => {
  it("answers the Event Grid schema SubscriptionValidation handshake", async () => {
    const body = [{ id: "v1", topic: "t", subject: "", eventType: "Microsoft.EventGrid.SubscriptionValidationEvent", eventTime: "2026-03-04T10:00:00Z", data: { validationCode: "512d38b6-c7b8-40c8-89fe-f46f9e9622b6", validationUrl: "https://x" }, dataVersion: "2", metadataVersion: "1" }];
    const res = await post(hook(), body, { "aeg-event-type": "SubscriptionValidation", "content-type": "application/json" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ validationResponse: "512d38b6-c7b8-40c8-89fe-f46f9e9622b6" });
  });

  it("answers the CloudEvents OPTIONS abuse-protection handshake", async () => {
    const res = await fetch(hook(), { method: "OPTIONS", headers: { "WebHook-Request-Origin": "eventgrid.azure.net" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("webhook-allowed-origin")).toBe("eventgrid.azure.net");
    expect((await fetch(hook(), { method: "OPTIONS" })).status).toBe(400);
  });

  it("delivers an Event Grid schema batch, one invocation per event, 202 when all succeed", async () => {
    const res = await post(hook(), [blobCreated("eg-1"), blobCreated("eg-2")], { "aeg-event-type": "Notification", "content-type": "application/json" });
    expect(res.status).toBe(202);
    expect(seen("eg-1") && seen("eg-2")).toBe(true);
    expect(g.__fixtureReceived?.find((r) => r.id === "eg-1")).toEqual({ fn: "onBlobEvent", id: "eg-1", type: "Microsoft.Storage.BlobCreated" });
  });

  it("delivers CloudEvents 1.0, single and batch", async () => {
    const single = await post(hook(), cloudEvent("ce-1"), { "content-type": "application/cloudevents+json; charset=utf-8" });
    expect(single.status).toBe(202);
    const batch = await post(hook(), [cloudEvent("ce-2"), cloudEvent("ce-3")], { "content-type": "application/cloudevents-batch+json; charset=utf-8", "aeg-event-type": "Notification" });
    expect(batch.status).toBe(202);
    expect(["ce-1", "ce-2", "ce-3"].every(seen)).toBe(true);
  });

  it("fails the batch with 500 when any event fails, so Event Grid retries", async () => {
    const res = await post(hook(), [blobCreated("ok-1"), blobCreated("bad-1", true)], { "aeg-event-type": "Notification" });
    expect(res.status).toBe(500);
    expect(seen("ok-1")).toBe(true);
  });

  it("rejects malformed JSON (400), unknown functions (404), missing or wrong keys (401)", async () => {
    expect((await post(hook(), "{not json", { "aeg-event-type": "Notification" })).status).toBe(400);
    expect((await post(hook(), [blobCreated("x")], {})).status).toBe(400);
    expect((await post(hook(), [42], { "aeg-event-type": "Notification" })).status).toBe(400);
    expect((await post(hook("nope"), [blobCreated("x")], { "aeg-event-type": "Notification" })).status).toBe(404);
    expect((await post(hook("hello"), [blobCreated("x")], { "aeg-event-type": "Notification" })).status).toBe(404);
    expect((await post(hook("onBlobEvent", "wrong"), [blobCreated("x")], { "aeg-event-type": "Notification" })).status).toBe(401);
    expect((await post(hook("onBlobEvent", host.keys.functionKeys.default), [], {})).status).toBe(401);
    expect((await post(hook("onBlobEvent", host.keys.masterKey), [blobCreated("m-1")], { "aeg-event-type": "Notification" })).status).toBe(202);
  });

  it("stops reading a chunked body past the size limit (413) and keeps serving", async () => {
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    const res = await rawRequest(hook(), { method: "POST", headers: { "aeg-event-type": "Notification" }, chunks: [chunk, chunk, chunk, chunk, chunk] });
    expect(res.status).toBe(413);
    expect((await fetch(`${host.url}/admin/host/ping`)).status).toBe(200);
  });
});
