import { describe, expect, it } from "vitest";
import { lakePathProblem, parseStorageEvent } from "../../../shared/lake/index.js";
import { cloudEvent, directoryCreated, eventGridEvent, subscriptionValidation } from "./samples.js";

const path = "churn/customers/date=2026-11-25/part-00000.csv";
const schemas = [
  ["Event Grid schema", eventGridEvent],
  ["CloudEvents 1.0", cloudEvent],
] as const;

describe.each(schemas)("parseStorageEvent, %s", (_name, build) => {
  it.each(["FlushWithClose", "PutBlob", "PutBlockList", "CopyBlob"])(
    "accepts %s as a finished write",
    async (api) => {
      const result = await parseStorageEvent(build({ path, api, eTag: "0x8DC1", contentLength: 2048 }));
      expect(result).toEqual({
        kind: "write",
        write: {
          eventId: "831e1650-001e-001b-66ab-eeb76e069631",
          account: "stchurndev",
          filesystem: "landing",
          path,
          eTag: "0x8DC1",
          contentLength: 2048,
          api,
          sequencer: "00000000000000000000000000038A5B0000000000012345",
          eventTime: "2026-11-25T10:15:30.123Z",
        },
      });
    },
  );

  it("accepts a zero-length FlushWithClose: that is how a marker file lands through DFS", async () => {
    const result = await parseStorageEvent(
      build({ path: "x/_SUCCESS", api: "FlushWithClose", contentLength: 0 }),
    );
    expect(result).toMatchObject({ kind: "write", write: { path: "x/_SUCCESS", contentLength: 0 } });
  });

  it("ignores the zero-length CreateFile that precedes every DFS write", async () => {
    const result = await parseStorageEvent(build({ path, api: "CreateFile", contentLength: 0 }));
    expect(result).toEqual({
      kind: "ignored",
      eventId: "831e1650-001e-001b-66ab-eeb76e069631",
      reason: "CreateFile does not finish a write",
    });
  });

  it("ignores other storage events and rejects events that are not storage system events", async () => {
    const deleted = await parseStorageEvent(
      build({ path, api: "DeleteFile", type: "Microsoft.Storage.BlobDeleted" }),
    );
    expect(deleted).toMatchObject({
      kind: "ignored",
      reason: "Microsoft.Storage.BlobDeleted starts nothing",
    });
    const custom = await parseStorageEvent(
      build({ path, api: "PutBlob", type: "Contoso.Items.ItemReceived" }),
    );
    expect(custom).toMatchObject({
      kind: "rejected",
      reason: "Contoso.Items.ItemReceived is not a storage system event",
    });
  });

  it.each([
    ["churn/../secrets/part.csv", "path contains . or .. segments"],
    ["churn/%2e%2e/part.csv", "path contains a percent-encoded dot or separator"],
    ["churn/date=2026-11-25/part\u202Evsc.exe", "path contains control, invisible or private-use characters"],
    ["churn/date=2026-11-25/pa\u200Brt.csv", "path contains control, invisible or private-use characters"],
    ["churn/cafe\u0301/part.csv", "path is not in Unicode normal form C"],
    ["churn//part.csv", "path contains empty segments"],
    ["churn\\..\\part.csv", "path contains a backslash"],
  ])("rejects the unsafe path %j", async (bad, reason) => {
    expect(await parseStorageEvent(build({ path: bad, api: "PutBlob" }))).toMatchObject({
      kind: "rejected",
      reason,
    });
  });

  it("rejects a BlobCreated without an eTag or from a source that is not a storage account", async () => {
    const noETag = build({ path, api: "PutBlob" });
    delete (noETag.data as Record<string, unknown>).eTag;
    expect(await parseStorageEvent(noETag)).toMatchObject({ kind: "rejected" });
    const foreign = {
      ...build({ path, api: "PutBlob" }),
      topic: "/subscriptions/x/providers/Contoso/things/y",
    };
    const foreignCloud = { ...foreign, source: foreign.topic };
    const result = await parseStorageEvent(
      "source" in build({ path, api: "PutBlob" }) ? foreignCloud : foreign,
    );
    expect(result).toMatchObject({ kind: "rejected", reason: "event source is not a storage account" });
  });
});

describe("parseStorageEvent on other input", () => {
  it("ignores DFS directory events", async () => {
    expect(await parseStorageEvent(directoryCreated("churn/customers/date=2026-11-25"))).toMatchObject({
      kind: "ignored",
      reason: "Microsoft.Storage.DirectoryCreated starts nothing",
    });
  });

  it("rejects malformed events instead of throwing", async () => {
    const noDataVersion = eventGridEvent({ path, api: "PutBlob" });
    delete noDataVersion.dataVersion;
    const camelCase = { ...cloudEvent({ path, api: "PutBlob" }), specVersion: "1.0" } as Record<
      string,
      unknown
    >;
    delete camelCase.specversion;
    for (const bad of [
      noDataVersion,
      camelCase,
      null,
      42,
      "text",
      [eventGridEvent({ path, api: "PutBlob" })],
    ]) {
      expect(await parseStorageEvent(bad)).toMatchObject({ kind: "rejected" });
    }
  });

  it("does not treat the subscription validation event as a storage event", async () => {
    expect(await parseStorageEvent(subscriptionValidation("512d38b6"))).toMatchObject({
      kind: "rejected",
      reason: "Microsoft.EventGrid.SubscriptionValidationEvent is not a storage system event",
    });
  });
});

describe("lakePathProblem", () => {
  it.each([path, "a", "date=2026-11-25/Zürich kunden.csv", "日本/ファイル.parquet"])("accepts %j", (ok) =>
    expect(lakePathProblem(ok)).toBeUndefined(),
  );
  it.each([
    ["", "path is empty"],
    ["a/\uD800b", "path is not well-formed Unicode"],
    ["a/ b", "path has a segment with leading or trailing spaces"],
    ["x".repeat(1025), "path is longer than 1024 characters"],
    ["a/\u0000", "path contains control, invisible or private-use characters"],
  ])("refuses %j", (bad, reason) => expect(lakePathProblem(bad)).toBe(reason));
});
