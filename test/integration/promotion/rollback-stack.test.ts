import { BlobServiceClient } from "@azure/storage-blob";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createDatabricksClient, patAuth } from "../../../shared/databricks/index.js";
import { appendBlobStore } from "../../../shared/pipelines/promotion/append-blob-store.js";
import { createLedger } from "../../../shared/pipelines/promotion/ledger-store.js";
import { entry } from "../../unit/pipelines/promotion/world.js";
import { waitFor } from "../pipelines/stack-pipeline.js";
import { freePorts, interrupt, kill, missing, spawnStack, tempDataDir, waitReady } from "../stack/helpers.js";

const BOB = "bob; roles=Promotion.Approve";
const ALICE = "alice; roles=Promotion.Request";

/**
 * The promotion activities as the local host registers them (functions/promotions.ts over the runtime the
 * stack configures): a refused promotion and a rollback, with the emulator's registry (real MLflow behind
 * it) and the ledger in Azurite's orchestrator container. No deploy is involved in either.
 */
describe.skipIf(missing())("promotion activities on the local stack", () => {
  it("refuses a version without lineage, then rolls champion back to the ledger's earlier version", async () => {
    const dataDir = tempDataDir();
    const stack = spawnStack(dataDir, await freePorts());
    try {
      const info = await waitReady(stack, dataDir);
      const dbx = info.components.databricks;
      const client = createDatabricksClient({ host: dbx.url, auth: patAuth(String(dbx["token"])) });
      const keys = JSON.parse(readFileSync(join(info.dataDir, "host", "keys.json"), "utf8")) as {
        masterKey: string;
      };
      const call = async (method: string, path: string, as: string, body?: unknown) => {
        const res = await fetch(`${info.components.host.url}${path}`, {
          method,
          headers: {
            "x-functions-key": keys.masterKey,
            "x-dev-principal": as,
            "content-type": "application/json",
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      const finished = (id: string) => async () => {
        const view = await call("GET", `/api/promotions/${id}`, BOB);
        return view.body["running"] === false ? view.body : undefined;
      };

      // Two versions of the prod model; champion on 2, which the ledger says replaced 1.
      const { mlflow, unityCatalog } = client;
      const { experiment_id } = await mlflow.createExperiment("/promotion-stack");
      const runId = (await mlflow.createRun({ experiment_id })).info.run_id;
      await unityCatalog.createRegisteredModel({ catalog_name: "prod", schema_name: "ml", name: "churn" });
      for (let i = 0; i < 2; i++)
        await mlflow.createModelVersion({ name: "prod.ml.churn", source: `runs:/${runId}/m`, run_id: runId });
      await unityCatalog.setAlias("prod.ml.churn", "champion", 2);
      await unityCatalog.createRegisteredModel({ catalog_name: "staging", schema_name: "ml", name: "churn" });
      await mlflow.createModelVersion({
        name: "staging.ml.churn",
        source: `runs:/${runId}/m`,
        run_id: runId,
      });

      const connection = String(info.components.azurite["connectionString"]);
      const container = BlobServiceClient.fromConnectionString(connection).getContainerClient("orchestrator");
      await container.createIfNotExists();
      const ledger = createLedger(appendBlobStore(container));
      await ledger.appendOnce(
        entry("p1", { versionBefore: null, versionAfter: "1", commit: "a".repeat(40) }),
      );
      await ledger.appendOnce(entry("p2", { versionBefore: "1", versionAfter: "2", commit: "b".repeat(40) }));

      const promotion = await call("POST", "/api/promotions", ALICE, {
        bundle: "churn",
        model: "staging.ml.churn",
        version: "1",
        from: "staging",
        to: "prod",
        reason: "stack test",
      });
      expect(promotion.status, JSON.stringify(promotion.body)).toBe(202);
      const refused = await waitFor("the refused promotion", finished(String(promotion.body["id"])), 120_000);
      expect(refused, JSON.stringify(refused)).toMatchObject({ status: "refused" });
      expect(JSON.stringify(refused)).toMatch(/no lineage tags: commit_sha, orchestration_id/);

      const rollback = await call("POST", "/api/promotions/rollback", BOB, {
        model: "prod.ml.churn",
        target: "prod",
        reason: "stack test",
      });
      expect(rollback.status, JSON.stringify(rollback.body)).toBe(202);
      const done = await waitFor("the rollback", finished(String(rollback.body["id"])), 120_000);
      expect(done, JSON.stringify(done)).toMatchObject({ status: "rolled_back" });
      expect((await unityCatalog.getModelVersionByAlias("prod.ml.churn", "champion")).version).toBe(1);
      const records = await ledger.read("prod.ml.churn");
      expect(records.map((r) => [r.outcome, r.versionBefore, r.versionAfter])).toEqual([
        ["promoted", null, "1"],
        ["promoted", "1", "2"],
        ["refused", null, null],
        ["rolled_back", "2", "1"],
      ]);
      // The refusal is in the target model's ledger like every other ending, the requested model beside it.
      expect(records[2]).toMatchObject({ sourceModel: "staging.ml.churn", target: "prod" });
      expect(await ledger.read("staging.ml.churn")).toEqual([]);
      expect(await interrupt(stack)).toBe(0);
    } finally {
      kill(stack);
    }
  }, 600_000);
});
