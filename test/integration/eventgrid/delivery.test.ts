import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emulatorSuite, put, settled } from "./harness.js";
import { eventually } from "./receiver.js";
import { parsePipelineConfig } from "../../../shared/pipelines/config/load.js";
import { parseStorageEvent } from "../../../shared/lake/storage-events.js";
import { compileTriggers, matchWrite } from "../../../shared/lake/trigger-match.js";

const t = emulatorSuite();

describe("Event Grid emulator on Azurite: what it delivers", () => {
  it("delivers BlobCreated in the Event Grid schema after the validation handshake, as the ingress parses it", async () => {
    const c = await t.container("landing");
    const e = await t.emulator(["landing"], [{ name: "eg-sub", endpoint: { url: `${t.receiver.url}/eg` } }]);
    const path = "churn/customers/date=2026-11-25/part-0.csv";
    const eTag = await put(c, path);
    expect(await e.scanNow()).toBe(1);
    await eventually(settled(e, 1));

    expect(t.receiver.requests[0]?.headers["aeg-event-type"]).toBe("SubscriptionValidation");
    const [delivery] = t.receiver.notifications();
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
    const c = await t.container();
    const e = await t.emulator(
      [c.containerName],
      [
        {
          name: "ce-sub",
          endpoint: { url: `${t.receiver.url}/ce` },
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

    expect(t.receiver.requests[0]).toMatchObject({
      method: "OPTIONS",
      headers: { "webhook-request-origin": "eventgrid.azure.net" },
    });
    const deliveries = t.receiver.notifications();
    expect(deliveries.map((d) => d.headers["content-type"])).toEqual(
      Array(2).fill("application/cloudevents-batch+json; charset=utf-8"),
    );
    const events = t.eventsOf("/ce");
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
    const c = await t.container();
    const prefix = `/blobServices/default/containers/${c.containerName}/blobs/`;
    const e = await t.emulator(
      [c.containerName],
      [
        {
          name: "by-subject",
          endpoint: { url: `${t.receiver.url}/subject` },
          filter: { subjectBeginsWith: `${prefix}KEEP/`, subjectEndsWith: ".CSV" },
        },
        {
          name: "by-api",
          endpoint: { url: `${t.receiver.url}/api` },
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
    expect(t.eventsOf("/subject").map((ev) => ev.subject)).toEqual([`${prefix}keep/x.csv`]);
    expect(t.eventsOf("/api").map((ev) => ev.subject)).toEqual([`${prefix}other/z.csv`]);
  });

  it("reports each blob version once: new and overwritten blobs, not unchanged ones, not again after a restart", async () => {
    const c = await t.container();
    const dataDir = mkdtempSync(join(tmpdir(), "eventgrid-test-"));
    const subs = [{ name: "etag-sub", endpoint: { url: `${t.receiver.url}/etag` } }];
    const first = await t.emulator([c.containerName], subs, { dataDir });
    const v1 = await put(c, "a.csv", "v1");
    expect(await first.scanNow()).toBe(1);
    expect(await first.scanNow()).toBe(0);
    const v2 = await put(c, "a.csv", "version 2");
    expect(v2).not.toBe(v1);
    expect(await first.scanNow()).toBe(1);
    await c.deleteBlob("a.csv");
    expect(await first.scanNow()).toBe(0);
    await eventually(settled(first, 2));
    expect(t.eventsOf("/etag").map((ev) => (ev.data as { eTag: string }).eTag)).toEqual([v1, v2]);

    await first.stop();
    const v3 = await put(c, "a.csv", "back again");
    const second = await t.emulator([c.containerName], subs, { dataDir });
    // The restart's first scan already reports what changed while it was down.
    await eventually(settled(second, 1));
    expect(await second.scanNow()).toBe(0);
    expect(t.eventsOf("/etag").map((ev) => (ev.data as { eTag: string }).eTag)).toEqual([v1, v2, v3]);
  });

  it("reports an append blob when it is created, not each appended block", async () => {
    const c = await t.container();
    const e = await t.emulator(
      [c.containerName],
      [{ name: "append-sub", endpoint: { url: `${t.receiver.url}/append` } }],
    );
    const log = c.getAppendBlobClient("ledger.jsonl");
    await log.create();
    expect(await e.scanNow()).toBe(1);
    await log.appendBlock("{}\n", 3);
    await log.appendBlock("{}\n", 3);
    expect(await e.scanNow()).toBe(0);
    await eventually(settled(e, 1));
    expect(t.eventsOf("/append")).toMatchObject([
      { data: { api: "PutBlob", blobType: "AppendBlob", contentLength: 0 } },
    ]);
  });
});
