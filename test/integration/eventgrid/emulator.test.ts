import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BlobServiceClient, type ContainerClient } from "@azure/storage-blob";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseEmulatorConfig } from "../../../local/eventgrid/config.js";
import {
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "../../../local/eventgrid/emulator.js";
import { parsePipelineConfig } from "../../../shared/pipelines/config/load.js";
import { parseStorageEvent } from "../../../shared/lake/storage-events.js";
import { compileTriggers, matchWrite } from "../../../shared/lake/trigger-match.js";
import { startAzurite, type TestAzurite } from "./azurite.js";
import { eventually, startReceiver, type Receiver } from "./receiver.js";

let azurite: TestAzurite;
let service: BlobServiceClient;
let receiver: Receiver;
const running: RunningEmulator[] = [];
let containerCount = 0;

beforeAll(async () => {
  azurite = await startAzurite();
  service = BlobServiceClient.fromConnectionString(azurite.connectionString);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await azurite?.stop();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
  receiver.requests.length = 0;
  receiver.answer = () => 200;
});

/** A fresh container per test, so tests never see each other's blobs. */
async function container(name = `lake${++containerCount}`): Promise<ContainerClient> {
  const c = service.getContainerClient(name);
  await c.createIfNotExists();
  return c;
}

type SubscriptionInput = Record<string, unknown>;

/** An emulator on `containers`, baseline scan done (nothing reported yet), scanning only when asked. */
async function emulator(
  containers: string[],
  subscriptions: SubscriptionInput[],
  extra: Partial<EmulatorOptions> = {},
): Promise<RunningEmulator> {
  const config = parseEmulatorConfig({ containers, subscriptions });
  const e = await startEmulator({
    config,
    connectionString: azurite.connectionString,
    timeScale: 0.0001,
    autoScan: false,
    port: 0,
    log: () => undefined,
    ...extra,
  });
  running.push(e);
  await e.scanNow();
  return e;
}

const put = async (c: ContainerClient, name: string, text = "customer_id,churned\n1,0\n"): Promise<string> =>
  (await c.getBlockBlobClient(name).upload(text, Buffer.byteLength(text))).etag!.replace(/"/g, "");

const settled = (e: RunningEmulator, delivered: number) => () =>
  e.status().subscriptions.every((s) => s.pending === 0) &&
  e.status().subscriptions.reduce((n, s) => n + s.delivered + s.deadLettered + s.dropped, 0) === delivered;

const eventsOf = (path?: string): Record<string, unknown>[] =>
  receiver
    .notifications()
    .filter((r) => path === undefined || r.path === path)
    .flatMap((r) => r.body as Record<string, unknown>[]);

describe("Event Grid emulator on Azurite", () => {
  it("delivers BlobCreated in the Event Grid schema after the validation handshake, as the ingress parses it", async () => {
    const c = await container("landing");
    const e = await emulator(["landing"], [{ name: "eg-sub", endpoint: { url: `${receiver.url}/eg` } }]);
    const path = "churn/customers/date=2026-11-25/part-0.csv";
    const eTag = await put(c, path);
    expect(await e.scanNow()).toBe(1);
    await eventually(settled(e, 1));

    expect(receiver.requests[0]?.headers["aeg-event-type"]).toBe("SubscriptionValidation");
    const [delivery] = receiver.notifications();
    expect(delivery?.headers).toMatchObject({
      "aeg-subscription-name": "EG-SUB",
      "aeg-delivery-count": "0",
      "aeg-metadata-version": "1",
      "content-type": "application/json; charset=utf-8",
    });
    const body = delivery?.body as Record<string, unknown>[];
    expect(body).toHaveLength(1);
    expect(body[0]?.topic).toMatch(
      /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Storage\/storageAccounts\/devstoreaccount1$/,
    );
    expect(body[0]).toMatchObject({
      subject: `/blobServices/default/containers/landing/blobs/${path}`,
      eventType: "Microsoft.Storage.BlobCreated",
      dataVersion: "",
      metadataVersion: "1",
      data: {
        api: "PutBlob",
        eTag,
        contentLength: 24,
        blobType: "BlockBlob",
        url: c.getBlobClient(path).url,
      },
    });
    expect((body[0]?.data as { sequencer: string }).sequencer).toMatch(/^[0-9A-F]{48}$/);

    const parsed = await parseStorageEvent(body[0]);
    expect(parsed).toMatchObject({
      kind: "write",
      write: { account: "devstoreaccount1", filesystem: "landing", path, eTag },
    });
    // The churn bundle's local trigger takes it as a data file of the partition.
    const sidecar = parsePipelineConfig(
      readFileSync(join(import.meta.dirname, "../../../bundles/churn/orchestrator.yml"), "utf8"),
    );
    const write = parsed.kind === "write" ? parsed.write : undefined;
    expect(matchWrite(write!, compileTriggers(sidecar.landing))).toMatchObject([
      { trigger: "customers-local", partition: "churn/customers/date=2026-11-25", isMarker: false },
    ]);
  });

  it("delivers CloudEvents 1.0 after the OPTIONS handshake, with PutBlockList and CopyBlob told apart", async () => {
    const c = await container();
    const e = await emulator(
      [c.containerName],
      [
        {
          name: "ce-sub",
          endpoint: { url: `${receiver.url}/ce` },
          eventDeliverySchema: "CloudEventSchemaV1_0",
        },
      ],
    );
    const staged = c.getBlockBlobClient("in/staged.csv");
    const block = Buffer.from("block-0").toString("base64");
    await staged.stageBlock(block, "a,b\n", 4);
    await staged.commitBlockList([block]);
    await (await c.getBlockBlobClient("in/copy.csv").beginCopyFromURL(staged.url)).pollUntilDone();
    expect(await e.scanNow()).toBe(2);
    await eventually(settled(e, 2));

    expect(receiver.requests[0]).toMatchObject({
      method: "OPTIONS",
      headers: { "webhook-request-origin": "eventgrid.azure.net" },
    });
    const deliveries = receiver.notifications();
    expect(deliveries.map((d) => d.headers["content-type"])).toEqual(
      Array(2).fill("application/cloudevents-batch+json; charset=utf-8"),
    );
    const events = eventsOf("/ce");
    const rows = events.map((ev) => [
      ev.specversion,
      ev.type,
      (ev.data as { api: string }).api,
      String(ev.subject),
    ]);
    expect(rows.sort((a, b) => (a[3]! < b[3]! ? -1 : 1))).toEqual([
      [
        "1.0",
        "Microsoft.Storage.BlobCreated",
        "CopyBlob",
        `/blobServices/default/containers/${c.containerName}/blobs/in/copy.csv`,
      ],
      [
        "1.0",
        "Microsoft.Storage.BlobCreated",
        "PutBlockList",
        `/blobServices/default/containers/${c.containerName}/blobs/in/staged.csv`,
      ],
    ]);
    for (const ev of events) expect(await parseStorageEvent(ev)).toMatchObject({ kind: "write" });
  });

  it("applies subject filters and the advanced filter on data.api per subscription", async () => {
    const c = await container();
    const prefix = `/blobServices/default/containers/${c.containerName}/blobs/`;
    const e = await emulator(
      [c.containerName],
      [
        {
          name: "by-subject",
          endpoint: { url: `${receiver.url}/subject` },
          filter: { subjectBeginsWith: `${prefix}KEEP/`, subjectEndsWith: ".CSV" },
        },
        {
          name: "by-api",
          endpoint: { url: `${receiver.url}/api` },
          filter: {
            advancedFilters: [{ operatorType: "StringIn", key: "data.api", values: ["putblocklist"] }],
          },
        },
      ],
    );
    await put(c, "keep/x.csv");
    await put(c, "keep/y.json");
    const staged = c.getBlockBlobClient("other/z.csv");
    await staged.stageBlock(Buffer.from("b").toString("base64"), "z", 1);
    await staged.commitBlockList([Buffer.from("b").toString("base64")]);
    expect(await e.scanNow()).toBe(3);
    await eventually(settled(e, 2));
    // Subject filters ignore case unless asked; advanced string filters always do.
    expect(eventsOf("/subject").map((ev) => ev.subject)).toEqual([`${prefix}keep/x.csv`]);
    expect(eventsOf("/api").map((ev) => ev.subject)).toEqual([`${prefix}other/z.csv`]);
  });

  it("reports each blob version once: new and overwritten blobs, not unchanged ones, not again after a restart", async () => {
    const c = await container();
    const dataDir = mkdtempSync(join(tmpdir(), "eventgrid-test-"));
    const subs = [{ name: "etag-sub", endpoint: { url: `${receiver.url}/etag` } }];
    const first = await emulator([c.containerName], subs, { dataDir });
    const v1 = await put(c, "a.csv", "v1");
    expect(await first.scanNow()).toBe(1);
    expect(await first.scanNow()).toBe(0);
    const v2 = await put(c, "a.csv", "version 2");
    expect(v2).not.toBe(v1);
    expect(await first.scanNow()).toBe(1);
    await c.deleteBlob("a.csv");
    expect(await first.scanNow()).toBe(0);
    await eventually(settled(first, 2));
    expect(eventsOf("/etag").map((ev) => (ev.data as { eTag: string }).eTag)).toEqual([v1, v2]);

    await first.stop();
    const v3 = await put(c, "a.csv", "back again");
    const second = await emulator([c.containerName], subs, { dataDir });
    // The restart's first scan already reports what changed while it was down.
    await eventually(settled(second, 1));
    expect(await second.scanNow()).toBe(0);
    expect(eventsOf("/etag").map((ev) => (ev.data as { eTag: string }).eTag)).toEqual([v1, v2, v3]);
  });

  it("retries on Event Grid's schedule and dead-letters after the last attempt", async () => {
    const c = await container();
    const dead = `dead${containerCount}`;
    receiver.answer = () => 503;
    const e = await emulator(
      [c.containerName],
      [
        {
          name: "retry-sub",
          endpoint: { url: `${receiver.url}/retry` },
          retryPolicy: { maxDeliveryAttempts: 3 },
          deadLetterDestination: { blobContainerName: dead },
        },
      ],
    );
    await put(c, "x.csv");
    await e.scanNow();
    await eventually(settled(e, 1));

    const attempts = receiver.notifications();
    expect(attempts.map((a) => a.headers["aeg-delivery-count"])).toEqual(["0", "1", "2"]);
    const ids = new Set(attempts.map((a) => (a.body as { id: string }[])[0]?.id));
    expect(ids.size).toBe(1);
    expect(e.status().subscriptions[0]).toMatchObject({ delivered: 0, failedAttempts: 3, deadLettered: 1 });

    const blobs: string[] = [];
    for await (const b of service.getContainerClient(dead).listBlobsFlat()) blobs.push(b.name);
    expect(blobs).toHaveLength(1);
    expect(blobs[0]).toMatch(/^RETRY-SUB\/\d{4}\/[1-9]\d?\/[1-9]\d?\/\d{1,2}\/[0-9a-f-]{36}\.json$/);
    const letter = JSON.parse(
      (await service.getContainerClient(dead).getBlobClient(blobs[0]!).downloadToBuffer()).toString(),
    ) as unknown[];
    expect(letter).toEqual([
      expect.objectContaining({
        id: [...ids][0],
        eventType: "Microsoft.Storage.BlobCreated",
        deadLetterReason: "MaxDeliveryAttemptsExceeded",
        deliveryAttempts: 3,
        lastDeliveryOutcome: "GenericError",
        lastHttpStatusCode: 503,
      }),
    ]);
  });

  it("dead-letters a 400 at once, and delivers an event that succeeds on a later attempt", async () => {
    const c = await container();
    const dead = `dead${containerCount}`;
    let calls = 0;
    receiver.answer = (r) => (r.path === "/bad" ? 400 : ++calls <= 2 ? 500 : 200);
    const e = await emulator(
      [c.containerName],
      [
        {
          name: "bad-sub",
          endpoint: { url: `${receiver.url}/bad` },
          deadLetterDestination: { blobContainerName: dead },
        },
        { name: "flaky-sub", endpoint: { url: `${receiver.url}/flaky` } },
      ],
    );
    await put(c, "y.csv");
    await e.scanNow();
    await eventually(settled(e, 2));
    const [bad, flaky] = e.status().subscriptions;
    expect(bad).toMatchObject({ failedAttempts: 1, deadLettered: 1, delivered: 0 });
    expect(flaky).toMatchObject({ failedAttempts: 2, delivered: 1, deadLettered: 0 });
    const names: string[] = [];
    for await (const b of service.getContainerClient(dead).listBlobsFlat()) names.push(b.name);
    const letter = (
      await service.getContainerClient(dead).getBlobClient(names[0]!).downloadToBuffer()
    ).toString();
    expect(JSON.parse(letter)).toEqual([
      expect.objectContaining({
        deadLetterReason: "UndeliverableDueToHttpBadRequest",
        deliveryAttempts: 1,
        lastHttpStatusCode: 400,
      }),
    ]);
  });

  it("duplicates every event with the same id, and reorders a scan's events, when switched on", async () => {
    const c = await container();
    const sub = (name: string) => [{ name, endpoint: { url: `${receiver.url}/${name}` } }];
    const plain = await emulator([c.containerName], sub("plain"));
    const twice = await emulator([c.containerName], sub("twice"), {
      faults: { duplicate: 1, reorder: false },
      seed: 7,
    });
    const shuffled = await emulator([c.containerName], sub("shuffled"), {
      faults: { duplicate: 0, reorder: true },
      seed: 7,
    });
    for (const n of [0, 1, 2, 3, 4]) await put(c, `p/part-${n}.csv`);
    for (const e of [plain, twice, shuffled]) await e.scanNow();
    await eventually(settled(plain, 5));
    await eventually(settled(twice, 10));
    await eventually(settled(shuffled, 5));

    const order = (path: string): string[] =>
      eventsOf(path).map((ev) => String(ev.subject).split("/").pop()!);
    const ids = (path: string): string[] => eventsOf(path).map((ev) => String(ev.id));
    expect(order("/plain")).toEqual(["part-0.csv", "part-1.csv", "part-2.csv", "part-3.csv", "part-4.csv"]);
    expect(ids("/twice")).toHaveLength(10);
    expect(new Set(ids("/twice")).size).toBe(5);
    expect([...order("/shuffled")].sort()).toEqual(order("/plain"));
    expect(order("/shuffled")).not.toEqual(order("/plain"));
  });
});
