import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  compileTriggers,
  matchWrite,
  parseStorageEvent,
  type BlobWrite,
} from "../../../shared/lake/index.js";
import { parsePipelineConfig } from "../../../shared/pipelines/config/index.js";
import { cloudEvent, eventGridEvent } from "./samples.js";

const config = parsePipelineConfig(
  readFileSync(new URL("../../../bundles/churn/orchestrator.yml", import.meta.url), "utf8"),
);
const triggers = compileTriggers(config.landing);

const write = (path: string, overrides: Partial<BlobWrite> = {}): BlobWrite => ({
  eventId: "e1",
  account: "stchurndev",
  filesystem: "landing",
  path,
  eTag: "0x1",
  contentLength: 10,
  api: "PutBlob",
  sequencer: "01",
  eventTime: "2026-11-25T10:00:00.000Z",
  ...overrides,
});

describe("matchWrite against the churn sidecar's triggers", () => {
  it("maps a data file to its trigger, target and partition", () => {
    expect(matchWrite(write("churn/customers/date=2026-11-25/part-00000.csv"), triggers)).toEqual([
      {
        trigger: "customers-dev",
        target: "dev",
        account: "stchurndev",
        filesystem: "landing",
        partition: "churn/customers/date=2026-11-25",
        path: "churn/customers/date=2026-11-25/part-00000.csv",
        eTag: "0x1",
        contentLength: 10,
        sequencer: "01",
        eventTime: "2026-11-25T10:00:00.000Z",
        isMarker: false,
      },
    ]);
  });

  it("recognises the marker, which is not a data file", () => {
    const [marker] = matchWrite(
      write("churn/customers/date=2026-11-25/_SUCCESS", { contentLength: 0 }),
      triggers,
    );
    expect(marker).toMatchObject({ isMarker: true, partition: "churn/customers/date=2026-11-25" });
  });

  it("picks the trigger by account: the local stack's Azurite account is the local target", () => {
    const [local] = matchWrite(
      write("churn/customers/date=2026-11-25/part-00000.parquet", { account: "devstoreaccount1" }),
      triggers,
    );
    expect(local).toMatchObject({ trigger: "customers-local", target: "local" });
  });

  it.each([
    ["an unknown account", write("churn/customers/date=2026-11-25/p.csv", { account: "stother" })],
    ["another filesystem", write("churn/customers/date=2026-11-25/p.csv", { filesystem: "raw" })],
    ["a path outside the pattern", write("churn/orders/date=2026-11-25/p.csv")],
    ["a nested folder", write("churn/customers/date=2026-11-25/tmp/p.csv")],
    ["an impossible date", write("churn/customers/date=2026-02-30/p.csv")],
    ["a file the globs exclude", write("churn/customers/date=2026-11-25/.part-00000.csv.crc")],
  ])("matches nothing for %s", (_what, w) => expect(matchWrite(w, triggers)).toEqual([]));

  it("works end to end from both schemas of a DFS flush", async () => {
    const path = "churn/customers/date=2026-11-25/part-00001.csv";
    for (const build of [eventGridEvent, cloudEvent]) {
      const parsed = await parseStorageEvent(
        build({ path, api: "FlushWithClose", account: "stchurnstaging" }),
      );
      if (parsed.kind !== "write") throw new Error(`expected a write, got ${parsed.kind}`);
      expect(matchWrite(parsed.write, triggers).map((f) => f.target)).toEqual(["staging"]);
    }
  });
});
