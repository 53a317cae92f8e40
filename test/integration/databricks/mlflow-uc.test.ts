import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, isAlreadyExists, isNotFound } from "../../../shared/databricks/index.js";
import { mlflowMissing, pat, type MlflowStack, startMlflowStack } from "./mlflow-stack.js";

// Unity Catalog models emulated over the MLflow registry (identity name mapping, see uc-shapes.ts).
describe.skipIf(mlflowMissing())("Unity Catalog models through the emulator routes", () => {
  let stack: MlflowStack;
  let runId: string;
  const fullName = "main.ml_dev.churn";
  beforeAll(async () => {
    stack = await startMlflowStack();
    const { experiment_id } = await stack.client.mlflow.createExperiment("/uc");
    runId = (await stack.client.mlflow.createRun({ experiment_id })).info.run_id;
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  // UC versions are written by MLflow's own client; locally it registers under the three-part name.
  const register = () =>
    stack.client.mlflow.createModelVersion({ name: fullName, source: `runs:/${runId}/model`, run_id: runId });

  const get = async (path: string) => {
    const res = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${pat}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it("creates a registered model with UC's shape and refuses a duplicate", async () => {
    const { unityCatalog } = stack.client;
    const created = await unityCatalog.createRegisteredModel({
      catalog_name: "main",
      schema_name: "ml_dev",
      name: "churn",
      comment: "churn classifier",
    });
    expect(created).toMatchObject({
      full_name: fullName,
      catalog_name: "main",
      schema_name: "ml_dev",
      name: "churn",
      comment: "churn classifier",
    });
    expect(created.created_at).toEqual(expect.any(Number));
    const again = await unityCatalog
      .createRegisteredModel({ catalog_name: "main", schema_name: "ml_dev", name: "churn" })
      .catch((e: unknown) => e);
    expect(isAlreadyExists(again)).toBe(true);
    expect(again).toMatchObject({ status: 409 });
    expect(await unityCatalog.getRegisteredModel(fullName)).toMatchObject({
      full_name: fullName,
      aliases: [],
    });
  });

  it("lists models of a catalog and schema only", async () => {
    await stack.client.mlflow.createRegisteredModel("workspace-only");
    await stack.client.unityCatalog.createRegisteredModel({
      catalog_name: "main",
      schema_name: "mlXdev",
      name: "x",
    });
    const { status, body } = await get("/api/2.1/unity-catalog/models?catalog_name=main&schema_name=ml_dev");
    expect(status).toBe(200);
    expect((body.registered_models as { full_name: string }[]).map((m) => m.full_name)).toEqual([fullName]);
  });

  it("lists and gets versions as integers, READY", async () => {
    const { unityCatalog } = stack.client;
    await register();
    await register();
    const versions = await collect(unityCatalog.listModelVersions(fullName, { maxResults: 1 }));
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);
    const v2 = await unityCatalog.getModelVersion(fullName, 2);
    expect(v2).toMatchObject({
      model_name: "churn",
      catalog_name: "main",
      schema_name: "ml_dev",
      version: 2,
      status: "READY",
      run_id: runId,
      source: `runs:/${runId}/model`,
    });
  });

  it("sets, resolves and deletes an alias", async () => {
    const { unityCatalog } = stack.client;
    expect(await unityCatalog.setAlias(fullName, "champion", 2)).toEqual({
      alias_name: "champion",
      version_num: 2,
    });
    const byAlias = await unityCatalog.getModelVersionByAlias(fullName, "champion");
    expect(byAlias).toMatchObject({ version: 2, aliases: [{ alias_name: "champion", version_num: 2 }] });
    expect((await unityCatalog.getRegisteredModel(fullName)).aliases).toEqual([
      { alias_name: "champion", version_num: 2 },
    ]);
    await unityCatalog.deleteAlias(fullName, "champion");
    const gone = await unityCatalog.getModelVersionByAlias(fullName, "champion").catch((e: unknown) => e);
    expect(gone).toMatchObject({ errorCode: "RESOURCE_DOES_NOT_EXIST", status: 404 });
  });

  it("answers Databricks errors for unknown models, versions and bad names", async () => {
    const { unityCatalog } = stack.client;
    expect(
      isNotFound(await unityCatalog.getRegisteredModel("main.ml_dev.absent").catch((e: unknown) => e)),
    ).toBe(true);
    const noVersion = await unityCatalog.getModelVersion(fullName, 99).catch((e: unknown) => e);
    expect(noVersion).toMatchObject({ errorCode: "RESOURCE_DOES_NOT_EXIST", status: 404 });
    const noModel = await collect(unityCatalog.listModelVersions("main.ml_dev.absent")).catch(
      (e: unknown) => e,
    );
    expect(isNotFound(noModel)).toBe(true);
    const bad = await get("/api/2.1/unity-catalog/models/not-three-parts");
    expect(bad).toMatchObject({ status: 400, body: { error_code: "INVALID_PARAMETER_VALUE" } });
  });
});
