import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseEmulatorConfig } from "../../../local/eventgrid/config.js";
import { createSequencer, toCloudEvent, blobCreatedEvent } from "../../../local/eventgrid/events.js";
import { deadLetterBlobName } from "../../../local/eventgrid/dead-letter.js";
import { parseStorageEvent } from "../../../shared/lake/storage-events.js";

const change = {
  account: "devstoreaccount1",
  container: "landing",
  name: "churn/customers/date=2026-11-25/_SUCCESS",
  eTag: "0x8DCE0F5B1A2B3C4",
  contentLength: 0,
  contentType: "application/octet-stream",
  blobType: "BlockBlob" as const,
  api: "PutBlob" as const,
  url: "http://127.0.0.1:10000/devstoreaccount1/landing/churn/customers/date%3D2026-11-25/_SUCCESS",
  sequencer: "00000000000000000000000000038A5B0000000000012345",
  time: "2026-11-26T00:00:00.000Z",
};

describe("BlobCreated events", () => {
  it("parse with the ingress (both schemas) into the write they describe", async () => {
    const event = blobCreatedEvent(change, "e-1");
    for (const raw of [event, toCloudEvent(event)]) {
      expect(await parseStorageEvent(raw)).toEqual({
        kind: "write",
        write: {
          eventId: "e-1",
          account: "devstoreaccount1",
          filesystem: "landing",
          path: change.name,
          eTag: change.eTag,
          contentLength: 0,
          api: "PutBlob",
          sequencer: change.sequencer,
          eventTime: change.time,
        },
      });
    }
  });

  it("carry sequencers that order the events of one blob as strings do", () => {
    let clock = 1_000;
    const next = createSequencer(() => clock);
    const a = next();
    const b = next();
    clock = 999; // a clock step backwards must not reorder
    const c = next();
    clock = 5_000;
    const d = next();
    expect([a, b, c, d].every((s) => /^[0-9A-F]{48}$/.test(s))).toBe(true);
    expect([d, c, a, b].sort()).toEqual([a, b, c, d]);
  });

  it("dead-letter under the upper-cased subscription and an unpadded UTC date path", () => {
    const at = new Date("2026-03-04T05:06:07Z");
    expect(deadLetterBlobName("lake-landing", at, "11111111-1111-1111-1111-111111111111")).toBe(
      "LAKE-LANDING/2026/3/4/5/11111111-1111-1111-1111-111111111111.json",
    );
  });
});

describe("emulator config", () => {
  it("fills Event Grid's defaults and refuses what Azure would", () => {
    const config = parseEmulatorConfig({
      containers: ["landing"],
      subscriptions: [{ name: "abc", endpoint: { function: "storageBlobCreated" } }],
    });
    expect(config.subscriptions[0]).toMatchObject({
      eventDeliverySchema: "EventGridSchema",
      retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 },
      filter: { includedEventTypes: ["Microsoft.Storage.BlobCreated"], subjectBeginsWith: "" },
    });
    const bad = {
      containers: [],
      subscriptions: [
        { name: "x", endpoint: { url: "ftp://h" }, retryPolicy: { maxDeliveryAttempts: 31 }, nope: 1 },
      ],
    };
    expect(() => parseEmulatorConfig(bad, "subs.yml")).toThrow(
      /subs\.yml is invalid: containers: .*subscriptions\.0\.name/,
    );
    const twice = {
      containers: ["l1a"],
      subscriptions: [1, 2].map(() => ({ name: "Same", endpoint: { function: "f" } })),
    };
    expect(() => parseEmulatorConfig(twice)).toThrow("subscription same is declared twice");
  });

  it("accepts the stack's default subscriptions file", async () => {
    const { loadEmulatorConfig } = await import("../../../local/eventgrid/config.js");
    const config = loadEmulatorConfig(
      new URL("../../../local/eventgrid/subscriptions.yml", import.meta.url).pathname,
    );
    expect(config.subscriptions.map((s) => s.endpoint)).toEqual([{ function: "storageEvents" }]);
    // ...which is the app's Event Grid function: a rename there must move the local subscription too.
    const app = readFileSync(new URL("../../../functions/landing.ts", import.meta.url), "utf8");
    expect(app).toContain('eventGrid("storageEvents"');
  });
});
