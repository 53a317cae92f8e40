import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databricksRegistry } from "../../../shared/pipelines/promotion/registry.js";
import { databricksCopier } from "../../../shared/pipelines/promotion/registry-copy.js";
import { createRegistryActivities } from "../../../shared/pipelines/promotion/registry.activities.js";
import { mlflowMissing, type MlflowStack, startMlflowStack } from "../databricks/mlflow-stack.js";

// Unity Catalog models on the emulator's MLflow mapping (uc-shapes.ts) with a real MLflow server behind it.
describe.skipIf(mlflowMissing())("CopyModelVersion across catalogs on the emulator", () => {
  let stack: MlflowStack;
  let runId: string;
  const SHA = "0123456789abcdef0123456789abcdef01234567";
  beforeAll(async () => {
    stack = await startMlflowStack();
    const { mlflow, unityCatalog } = stack.client;
    const { experiment_id } = await mlflow.createExperiment("/churn");
    runId = (await mlflow.createRun({ experiment_id })).info.run_id;
    for (const [key, value] of Object.entries({ commit_sha: SHA, orchestration_id: "pipe-1" }))
      await mlflow.setRunTag(runId, key, value);
    await mlflow.logBatch({
      run_id: runId,
      metrics: [{ key: "gate_passed", value: 1, timestamp: Date.now(), step: 0 }],
    });
    await unityCatalog.createRegisteredModel({ catalog_name: "staging", schema_name: "ml", name: "churn" });
    // Two versions so the copy's number differs from the source's.
    for (let i = 0; i < 2; i++)
      await mlflow.createModelVersion({
        name: "staging.ml.churn",
        source: `runs:/${runId}/model`,
        run_id: runId,
      });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const activities = () => {
    const registry = { ...databricksRegistry(stack.client), ...databricksCopier(stack.client) };
    return createRegistryActivities({
      registryFor: () => registry,
      jobs: { jobId: () => Promise.resolve(null) },
    });
  };
  const copy = {
    from: { target: "staging", model: "staging.ml.churn", version: "2" },
    to: { target: "prod", model: "prod.ml.churn" },
  };
  const ctx = {} as never;

  it("creates prod.ml.churn, a version with the same run, lineage tags, and reuses it on a retry", async () => {
    const acts = activities();
    const first = await acts.copyVersion(copy, ctx);
    expect(first).toEqual({ version: "1", created: true });
    expect(await acts.copyVersion(copy, ctx)).toEqual({ version: "1", created: false });

    const { unityCatalog, mlflow } = stack.client;
    const model = await unityCatalog.getRegisteredModel("prod.ml.churn");
    expect(model).toMatchObject({ catalog_name: "prod", schema_name: "ml", name: "churn" });
    const version = await unityCatalog.getModelVersion("prod.ml.churn", 1);
    expect(version).toMatchObject({ run_id: runId, source: "models:/staging.ml.churn/2" });
    const tags = Object.fromEntries(
      ((await mlflow.getModelVersion("prod.ml.churn", "1")).tags ?? []).map((t) => [t.key, t.value]),
    );
    expect(tags).toEqual({
      commit_sha: SHA,
      orchestration_id: "pipe-1",
      promoted_from: "staging.ml.churn/2",
    });
  });

  it("then champion on the copy and the target model's lineage still resolve through the run", async () => {
    const acts = activities();
    const { version } = await acts.copyVersion(copy, ctx);
    expect(
      await acts.setAlias({ target: "prod", model: "prod.ml.churn", alias: "champion", version }, ctx),
    ).toEqual({
      previous: null,
    });
    const registry = databricksRegistry(stack.client);
    expect(await registry.versionByAlias("prod.ml.churn", "champion")).toBe(version);
    const info = await registry.getVersion("prod.ml.churn", version);
    const run = await registry.getRun(info?.runId ?? "");
    expect(run?.tags).toMatchObject({ commit_sha: SHA });
    expect(run?.metrics).toMatchObject({ gate_passed: 1 });
  });
});
