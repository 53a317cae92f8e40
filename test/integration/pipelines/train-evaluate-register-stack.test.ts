import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createDatabricksClient, patAuth } from "../../../shared/databricks/index.js";
import type { LineageManifest } from "../../../shared/pipelines/train-evaluate-register/lineage.js";
import { dataDigest } from "../../../shared/pipelines/train-evaluate-register/version-tags.js";
import { getBlob, parseConnectionString } from "../stack/blob.js";
import { freePorts, interrupt, kill, missing, spawnStack, tempDataDir, waitReady } from "../stack/helpers.js";
import { deployChurn, generate, hostApi, land, redeliveryOf, waitFor } from "./stack-pipeline.js";

interface Listed {
  instanceId: string;
  runtimeStatus: string;
  outcome: string | null;
}

/**
 * Issue #7 on the whole local stack (npm start): landing a partition with `npm run land` reaches the
 * pipeline through Azurite, the Event Grid emulator and the host; it trains, evaluates and registers a
 * real model version with the MLflow server behind the workspace emulator. One stack start for the file.
 */
describe.skipIf(missing())("trainEvaluateRegister on the local stack", () => {
  it("registers a challenger from a landed partition, ignores redelivered events, rejects a drifted batch", async () => {
    const dataDir = tempDataDir();
    const work = mkdtempSync(join(tmpdir(), "pipeline-stack-"));
    const stack = spawnStack(dataDir, await freePorts());
    try {
      const info = await waitReady(stack, dataDir);
      const dbx = info.components.databricks;
      const token = String(dbx["token"]);
      const client = createDatabricksClient({ host: dbx.url, auth: patAuth(token) });
      const api = hostApi(info);
      const pipelines = async () =>
        ((await api.get("/api/pipelines?bundle=churn&target=local")).body["pipelines"] ?? []) as Listed[];
      const finished = (count: number) => async () => {
        const list = await pipelines();
        const done = list.filter((p) => !["Running", "Pending"].includes(p.runtimeStatus));
        return list.length >= count && done.length === list.length ? list : undefined;
      };

      await deployChurn(work, client, dbx.url, token);
      await land(await generate(join(work, "lake"), "2026-11-25", 7), "2026-11-25", dataDir);
      const [first] = await waitFor("the first pipeline", finished(1), 480_000);
      const status = await api.get(`/api/pipelines/${first!.instanceId}`);
      expect(status.status).toBe(200);
      const body = status.body;
      expect(body, JSON.stringify(body)).toMatchObject({
        runtimeStatus: "Completed",
        bundle: "churn",
        target: "local",
        outcome: "registered",
        gate: { passed: true, reasons: [] },
        model: { name: "main.ml_local.churn", alias: "challenger" },
        lineage: { path: `_orchestrator/runs/${first!.instanceId}.json` },
      });
      const steps = body["steps"] as { state: string; runId: string | null; runUrl: string | null }[];
      expect(steps.map((s) => s.state)).toEqual(["succeeded", "succeeded", "succeeded"]);
      expect(steps.every((s) => s.runId !== null && s.runUrl !== null)).toBe(true);
      expect(Number((body["metrics"] as Record<string, number>)["eval_roc_auc"])).toBeGreaterThanOrEqual(
        0.75,
      );

      // The registry agrees: challenger is the version the pipeline reports, tagged with its lineage.
      const version = (body["model"] as { version: string }).version;
      const challenger = await client.mlflow.getModelVersionByAlias("main.ml_local.churn", "challenger");
      expect(challenger.version).toBe(version);
      const tags = Object.fromEntries((challenger.tags ?? []).map((t) => [t.key, t.value]));
      expect(tags["orchestration_id"]).toBe(first!.instanceId);
      expect(tags["data_paths"]).toContain("date=2026-11-25/part-00000.csv");

      // The lineage manifest next to the data names exactly the file versions trained on.
      const account = parseConnectionString(String(info.components.azurite["connectionString"]));
      const manifest = JSON.parse(
        (await getBlob(account, "landing", `_orchestrator/runs/${first!.instanceId}.json`)) ?? "null",
      ) as LineageManifest;
      expect(manifest.files.map((f) => f.path)).toEqual(["churn/customers/date=2026-11-25/part-00000.csv"]);
      expect(manifest).toMatchObject({
        outcome: "registered",
        model: { version },
        deployment: { serial: 1 },
      });
      // A UC model: the pipeline's own lineage tags are on the version's run (ADR 0025), the digest
      // recomputable from the manifest.
      const run = await client.mlflow.getRun(challenger.run_id ?? "");
      const runTags = Object.fromEntries((run.data?.tags ?? []).map((t) => [t.key, t.value]));
      expect(runTags).toMatchObject({
        bundle_name: "churn",
        bundle_deployment_serial: "1",
        data_file_count: "1",
        data_digest: dataDigest(manifest.files),
        lineage_manifest: expect.stringMatching(
          new RegExp(
            `^abfss://landing@\\w+\\.dfs\\.core\\.windows\\.net/_orchestrator/runs/${first!.instanceId}\\.json$`,
          ),
        ) as unknown,
      });

      // The same file versions delivered again (Event Grid is at-least-once) start nothing.
      expect(await api.deliver(redeliveryOf(manifest, String(info.components.azurite["blob"])))).toBe(200);
      await sleep(20_000); // past the trigger's 5 s marker settle: a new batch would have started by now
      expect((await pipelines()).map((p) => p.instanceId)).toEqual([first!.instanceId]);

      // A drifted batch trains a worse model: the gate rejects it and challenger stays where it was.
      await land(await generate(join(work, "lake"), "2026-11-26", 2, 1), "2026-11-26", dataDir);
      const list = await waitFor("the drifted pipeline", finished(2), 480_000);
      const drifted = list.find((p) => p.instanceId !== first!.instanceId)!;
      const rejected = (await api.get(`/api/pipelines/${drifted.instanceId}`)).body;
      expect(rejected, JSON.stringify(rejected)).toMatchObject({
        runtimeStatus: "Completed",
        outcome: "rejected",
        model: null,
      });
      expect((rejected["gate"] as { reasons: string[] }).reasons.join("; ")).toMatch(/eval_/);
      expect((rejected["steps"] as { state: string }[]).map((s) => s.state)).toEqual([
        "succeeded",
        "succeeded",
        "pending",
      ]);
      expect((await client.mlflow.getModelVersionByAlias("main.ml_local.churn", "challenger")).version).toBe(
        version,
      );
      expect(await interrupt(stack)).toBe(0);
    } finally {
      kill(stack);
      rmSync(work, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 1_200_000);
});
