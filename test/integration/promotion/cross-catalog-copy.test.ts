import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../../local/databricks/index.js";
import { type MlflowServer, startMlflow } from "../../../local/mlflow/server.js";
import type { DatabricksClient } from "../../../shared/databricks/index.js";
import { createCopyActivities } from "../../../shared/pipelines/promotion/copy.activities.js";
import { databricksCopyRunner } from "../../../shared/pipelines/promotion/copy-run.js";
import { COPY_SCRIPT_PATH } from "../../../shared/pipelines/promotion/copy-script.js";
import { databricksRegistry } from "../../../shared/pipelines/promotion/registry.js";
import { databricksCopier } from "../../../shared/pipelines/promotion/registry-copy.js";
import { createRegistryActivities } from "../../../shared/pipelines/promotion/registry.activities.js";
import { clientFor, emulator, root, waitForRun } from "../databricks/helpers.js";
import { mlflowMissing } from "../databricks/mlflow-stack.js";

// The copy as it runs for a promotion between separate catalogs: the activity imports the script and
// submits a one-time run; the emulator runs it with the stack's venv against a real MLflow server,
// which also holds the emulator's Unity Catalog models (local/databricks/mlflow/uc-shapes.ts).
describe.skipIf(mlflowMissing())("cross-catalog copy run on the emulator with real MLflow", () => {
  let mlflow: MlflowServer;
  let emu: RunningEmulator;
  let client: DatabricksClient;
  let runId: string;
  const dataDir = mkdtempSync(join(tmpdir(), "copy-run-"));
  const SHA = "0123456789abcdef0123456789abcdef01234567";
  beforeAll(async () => {
    mlflow = await startMlflow({ dataDir: join(dataDir, "mlflow") });
    emu = await emulator({ mlflowUrl: mlflow.url, python: join(root, ".local", "venv", "bin", "python") });
    client = clientFor(emu);
    const { experiment_id } = await client.mlflow.createExperiment("/churn");
    runId = (await client.mlflow.createRun({ experiment_id })).info.run_id;
    const tags = { commit_sha: SHA, orchestration_id: "pipe-1", data_paths: "churn/2026" };
    for (const [key, value] of Object.entries(tags)) await client.mlflow.setRunTag(runId, key, value);
    await client.unityCatalog.createRegisteredModel({
      catalog_name: "staging",
      schema_name: "ml",
      name: "churn",
    });
    // Two versions so the copy's number differs from the source's.
    for (let i = 0; i < 2; i++)
      await client.mlflow.createModelVersion({
        name: "staging.ml.churn",
        source: `runs:/${runId}/model`,
        run_id: runId,
      });
  }, 120_000);
  afterAll(async () => {
    await emu?.stop();
    await mlflow?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const deps = () => {
    const registry = { ...databricksRegistry(client), ...databricksCopier(client) };
    return { registryFor: () => registry, copyRunnerFor: () => databricksCopyRunner(client) };
  };
  const ctx = {} as never;
  const submit = {
    from: { target: "staging", model: "staging.ml.churn", version: "2" },
    to: { target: "prod", model: "prod.ml.churn" },
    recordId: "promo-1@2026-01-01T00:00:00.000Z",
  };
  const ref = { target: "prod", model: "prod.ml.churn", marker: "staging.ml.churn/2" };

  it("creates prod.ml.churn and a tagged copy through copy_model_version; the marker finds it", async () => {
    const acts = createCopyActivities(deps());
    expect(await acts.findCopy(ref, ctx)).toEqual({ version: null });
    const { runId: copyRun } = await acts.submitCopy(submit, ctx);
    // Same promotion record: the idempotency token gives back the same run, not a second copy.
    expect((await acts.submitCopy(submit, ctx)).runId).toBe(copyRun);
    const { run, outcome } = await waitForRun(client, copyRun);
    const task = run.tasks?.[0];
    const output = await client.jobs.getRunOutput(task?.run_id ?? copyRun);
    expect(outcome, `${output.error ?? ""}\n${output.error_trace ?? ""}`).toBe("succeeded");
    expect(task?.spark_python_task).toMatchObject({ python_file: COPY_SCRIPT_PATH });
    expect(JSON.parse(output.logs?.trim().split("\n").at(-1) ?? "null")).toEqual({
      model: "prod.ml.churn",
      version: "1",
      created: true,
      promoted_from: "staging.ml.churn/2",
    });
    expect(await acts.findCopy(ref, ctx)).toEqual({ version: "1" });

    const model = await client.unityCatalog.getRegisteredModel("prod.ml.churn");
    expect(model).toMatchObject({ catalog_name: "prod", schema_name: "ml", name: "churn" });
    const version = await client.unityCatalog.getModelVersion("prod.ml.churn", 1);
    expect(version).toMatchObject({ run_id: runId, source: "models:/staging.ml.churn/2" });
    const tags = Object.fromEntries(
      ((await client.mlflow.getModelVersion("prod.ml.churn", "1")).tags ?? []).map((t) => [t.key, t.value]),
    );
    expect(tags).toEqual({
      commit_sha: SHA,
      orchestration_id: "pipe-1",
      data_paths: "churn/2026",
      promoted_from: "staging.ml.churn/2",
    });
  }, 120_000);

  it("a second run for another promotion of the same version reuses the copy inside the script", async () => {
    const acts = createCopyActivities(deps());
    const { runId: again } = await acts.submitCopy(
      { ...submit, recordId: "promo-1@2026-02-01T00:00:00.000Z" },
      ctx,
    );
    const { run, outcome } = await waitForRun(client, again);
    expect(outcome).toBe("succeeded");
    const output = await client.jobs.getRunOutput(run.tasks?.[0]?.run_id ?? again);
    expect(output.logs).toContain('"created": false');
    const versions: string[] = [];
    for await (const v of client.unityCatalog.listModelVersions("prod.ml.churn"))
      versions.push(String(v.version));
    expect(versions).toEqual(["1"]);
  }, 120_000);

  it("champion goes on the copy, and the copy's lineage still resolves through the run", async () => {
    const registry = createRegistryActivities({ ...deps(), jobs: { jobId: () => Promise.resolve(null) } });
    expect(
      await registry.setAlias(
        { target: "prod", model: "prod.ml.churn", alias: "champion", version: "1" },
        ctx,
      ),
    ).toEqual({ previous: null });
    const reader = databricksRegistry(client);
    expect(await reader.versionByAlias("prod.ml.churn", "champion")).toBe("1");
    const info = await reader.getVersion("prod.ml.churn", "1");
    expect((await reader.getRun(info?.runId ?? ""))?.tags).toMatchObject({ commit_sha: SHA });
  });
});
