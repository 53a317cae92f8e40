import { InvocationContext } from "@azure/functions";
import type { TokenCredential } from "@azure/identity";
import { BlobServiceClient } from "@azure/storage-blob";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../shared/config/load.js";
import { promote } from "../../../shared/pipelines/promotion/routes.js";
import { createRuntime } from "../../../shared/runtime/runtime.js";
import { entry } from "../../unit/pipelines/promotion/world.js";
import { startAzurite, type TestAzurite } from "../eventgrid/azurite.js";

const noCredential = (): TokenCredential => {
  throw new Error("no credential may be made in this test");
};

// The registered activities as the host runs them: runtime from settings, ledger in ORCHESTRATOR_LAKE (Azurite).
describe("promotion ledger activities on the runtime's lake (Azurite)", () => {
  let azurite: TestAzurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite?.stop();
  });

  it("appends once per record id into orchestrator/_orchestrator/ledger/<model>.jsonl and reads it back", async () => {
    const runtime = createRuntime(
      loadConfig({
        FUNCTIONS_WORKER_RUNTIME: "node",
        AzureWebJobsStorage: azurite.connectionString,
        LAKE_CONNECTION_STRING: azurite.connectionString,
        ORCHESTRATOR_LAKE: "abfss://orchestrator@devstoreaccount1.dfs.core.windows.net",
      }),
      { credential: noCredential, sink: () => undefined },
    );
    const table = promote.activities(() => runtime, { bundlesRoot: "bundles" });
    const run = (name: string, input: unknown) =>
      table.find((e) => e.name === name)?.handler(input, new InvocationContext());
    const record = entry("promo-1@t", { versionBefore: "11", versionAfter: "12", sourceVersion: "4" });
    expect(await run("AppendLedgerRecord", { record })).toEqual({ ok: true, value: { appended: true } });
    expect(await run("AppendLedgerRecord", { record })).toEqual({ ok: true, value: { appended: false } });
    expect(await run("ReadLedger", { model: "prod.ml.churn" })).toEqual({
      ok: true,
      value: { records: [record] },
    });

    const blob = BlobServiceClient.fromConnectionString(azurite.connectionString)
      .getContainerClient("orchestrator")
      .getBlobClient("_orchestrator/ledger/prod.ml.churn.jsonl");
    expect((await blob.getProperties()).blobType).toBe("AppendBlob");
    expect((await blob.downloadToBuffer()).toString("utf8")).toBe(`${JSON.stringify(record)}\n`);
  });
});
