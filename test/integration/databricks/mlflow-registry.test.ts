import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, isNotFound } from "../../../shared/databricks/index.js";
import { mlflowMissing, pat, type MlflowStack, startMlflowStack } from "./mlflow-stack.js";

// The workspace model registry through our client, the real MLflow server and the emulator's routes.
describe.skipIf(mlflowMissing())("MLflow workspace registry through the emulator routes", () => {
  let stack: MlflowStack;
  let runId: string;
  beforeAll(async () => {
    stack = await startMlflowStack();
    const { experiment_id } = await stack.client.mlflow.createExperiment("/registry");
    runId = (await stack.client.mlflow.createRun({ experiment_id })).info.run_id;
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const register = (name: string) =>
    stack.client.mlflow.createModelVersion({ name, source: `runs:/${runId}/model`, run_id: runId });

  it("creates, gets, searches and tags a registered model", async () => {
    const { mlflow } = stack.client;
    const created = await mlflow.createRegisteredModel("churn", { description: "churn model" });
    expect(created).toMatchObject({ name: "churn", description: "churn model" });
    await mlflow.setRegisteredModelTag("churn", "owner", "ml-team");
    const got = await mlflow.getRegisteredModel("churn");
    expect(got.tags).toContainEqual({ key: "owner", value: "ml-team" });
    const found = await collect(mlflow.searchRegisteredModels({ filter: "name = 'churn'" }));
    expect(found.map((m) => m.name)).toEqual(["churn"]);
    expect(isNotFound(await mlflow.getRegisteredModel("absent").catch((e: unknown) => e))).toBe(true);
  });

  it("creates, gets, searches, updates and tags model versions", async () => {
    const { mlflow } = stack.client;
    await mlflow.createRegisteredModel("fraud");
    const v1 = await register("fraud");
    const v2 = await register("fraud");
    expect([v1.version, v2.version]).toEqual(["1", "2"]);
    expect(v1).toMatchObject({ name: "fraud", run_id: runId, status: "READY", current_stage: "None" });
    const updated = await mlflow.updateModelVersion("fraud", "2", "better recall");
    expect(updated.description).toBe("better recall");
    await mlflow.setModelVersionTag("fraud", "2", "validated", "true");
    const got = await mlflow.getModelVersion("fraud", "2");
    expect(got).toMatchObject({ version: "2", description: "better recall" });
    expect(got.tags).toContainEqual({ key: "validated", value: "true" });
    const versions = await collect(mlflow.searchModelVersions({ filter: "name = 'fraud'" }));
    expect(versions.map((v) => v.version).sort()).toEqual(["1", "2"]);
  });

  it("sets, resolves and deletes an alias", async () => {
    const { mlflow } = stack.client;
    await mlflow.createRegisteredModel("aliased");
    await register("aliased");
    await register("aliased");
    await mlflow.setAlias("aliased", "champion", "2");
    expect(await mlflow.getModelVersionByAlias("aliased", "champion")).toMatchObject({ version: "2" });
    expect((await mlflow.getRegisteredModel("aliased")).aliases).toEqual([
      { alias: "champion", version: "2" },
    ]);
    await mlflow.setAlias("aliased", "champion", "2"); // setting it again is harmless (activities run twice)
    await mlflow.deleteAlias("aliased", "champion");
    expect((await mlflow.getRegisteredModel("aliased")).aliases ?? []).toEqual([]);
    // MLflow OSS answers a missing alias with 400 INVALID_PARAMETER_VALUE; it is forwarded unchanged.
    await expect(mlflow.getModelVersionByAlias("aliased", "champion")).rejects.toMatchObject({
      errorCode: "INVALID_PARAMETER_VALUE",
      status: 400,
    });
  });

  it("transitions stages, archiving the previous Production version", async () => {
    const { mlflow } = stack.client;
    await mlflow.createRegisteredModel("staged");
    await register("staged");
    await register("staged");
    expect(await mlflow.transitionStage("staged", "1", "Production")).toMatchObject({
      current_stage: "Production",
    });
    await mlflow.transitionStage("staged", "2", "Production", true);
    expect((await mlflow.getModelVersion("staged", "1")).current_stage).toBe("Archived");
    expect((await mlflow.getModelVersion("staged", "2")).current_stage).toBe("Production");
  });

  it("serves the Databricks-only transition-stage and the preview path", async () => {
    await stack.client.mlflow.createRegisteredModel("legacy");
    await register("legacy");
    const post = (path: string, body: unknown) =>
      fetch(`${stack.url}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${pat}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const res = await post("/api/2.0/mlflow/databricks/model-versions/transition-stage", {
      name: "legacy",
      version: "1",
      stage: "Staging",
      archive_existing_versions: false,
      comment: "ready for QA",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      model_version: { name: "legacy", version: "1", current_stage: "Staging" },
    });
    const preview = await fetch(`${stack.url}/api/2.0/preview/mlflow/registered-models/get?name=legacy`, {
      headers: { authorization: `Bearer ${pat}` },
    });
    expect(await preview.json()).toMatchObject({ registered_model: { name: "legacy" } });
  });
});
