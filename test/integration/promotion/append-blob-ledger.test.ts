import { BlobServiceClient, type ContainerClient } from "@azure/storage-blob";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendBlobStore } from "../../../shared/pipelines/promotion/append-blob-store.js";
import { createLedger } from "../../../shared/pipelines/promotion/ledger-store.js";
import { entry } from "../../unit/pipelines/promotion/world.js";
import { startAzurite, type TestAzurite } from "../eventgrid/azurite.js";

describe("ledger on append blobs (Azurite)", () => {
  let azurite: TestAzurite;
  let container: ContainerClient;

  beforeAll(async () => {
    azurite = await startAzurite();
    container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient("lake");
    await container.create();
  });
  afterAll(async () => {
    await azurite?.stop();
  });

  it("appends one line per record, never twice for a retried append, and reads them back in order", async () => {
    const ledger = createLedger(appendBlobStore(container));
    const first = entry("p1", { versionAfter: "3" });
    const second = entry("p2", { versionBefore: "3", versionAfter: "4" });
    expect(await ledger.appendOnce(first)).toEqual({ appended: true });
    expect(await ledger.appendOnce(first)).toEqual({ appended: false });
    expect(await ledger.appendOnce(second)).toEqual({ appended: true });
    expect(await ledger.read("prod.ml.churn")).toEqual([first, second]);
    const blob = container.getBlobClient("_orchestrator/ledger/prod.ml.churn.jsonl");
    const props = await blob.getProperties();
    expect(props.blobType).toBe("AppendBlob");
    expect((await blob.downloadToBuffer()).toString("utf8").split("\n")).toHaveLength(3);
  });

  it("reads a model without a ledger as empty", async () => {
    expect(await createLedger(appendBlobStore(container)).read("main.ml.none")).toEqual([]);
  });

  it("keeps every line whole when several records are appended at once", async () => {
    const ledger = createLedger(appendBlobStore(container));
    const records = Array.from({ length: 8 }, (_, i) => entry(`c${i}`, { model: "main.ml.concurrent" }));
    await Promise.all(records.map((r) => ledger.appendOnce(r)));
    const read = await ledger.read("main.ml.concurrent");
    expect(read.map((r) => r.id).sort()).toEqual(records.map((r) => r.id).sort());
  });
});
