import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, isAlreadyExists, isNotFound } from "../../../shared/databricks/index.js";
import { mlflowMissing, type MlflowStack, startMlflowStack } from "./mlflow-stack.js";

// Our TS client against the real MLflow server behind the emulator's MLflow routes (issue #3, conformance).
describe.skipIf(mlflowMissing())("MLflow tracking through the emulator routes", () => {
  let stack: MlflowStack;
  beforeAll(async () => {
    stack = await startMlflowStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it("creates an experiment and finds it by name and id", async () => {
    const { mlflow } = stack.client;
    const { experiment_id } = await mlflow.createExperiment("/Users/dev@example.com/churn", {
      tags: [{ key: "team", value: "ml" }],
    });
    const byName = await mlflow.getExperimentByName("/Users/dev@example.com/churn");
    expect(byName).toMatchObject({
      experiment_id,
      name: "/Users/dev@example.com/churn",
      lifecycle_stage: "active",
    });
    expect(byName.tags).toContainEqual({ key: "team", value: "ml" });
    expect((await mlflow.getExperiment(experiment_id)).name).toBe("/Users/dev@example.com/churn");
  });

  it("answers Databricks error codes for a missing or duplicate experiment", async () => {
    const { mlflow } = stack.client;
    const missing = await mlflow.getExperimentByName("/nope").catch((e: unknown) => e);
    expect(isNotFound(missing)).toBe(true);
    expect(missing).toMatchObject({ errorCode: "RESOURCE_DOES_NOT_EXIST", status: 404 });
    await mlflow.createExperiment("/dup");
    expect(isAlreadyExists(await mlflow.createExperiment("/dup").catch((e: unknown) => e))).toBe(true);
  });

  it("creates a run, logs a batch, sets a tag, reads it back and searches for it", async () => {
    const { mlflow } = stack.client;
    const { experiment_id } = await mlflow.createExperiment("/runs");
    const run = await mlflow.createRun({ experiment_id, run_name: "train", start_time: 1_700_000_000_000 });
    const runId = run.info.run_id;
    await mlflow.logBatch({
      run_id: runId,
      metrics: [
        { key: "loss", value: 0.9, timestamp: 1_700_000_000_001, step: 0 },
        { key: "loss", value: 0.4, timestamp: 1_700_000_000_002, step: 1 },
      ],
      params: [{ key: "lr", value: "0.01" }],
    });
    await mlflow.setRunTag(runId, "stage", "candidate");
    const got = await mlflow.getRun(runId);
    expect(got.info).toMatchObject({ run_id: runId, run_name: "train", experiment_id, status: "RUNNING" });
    expect(got.data?.params).toContainEqual({ key: "lr", value: "0.01" });
    expect(got.data?.tags).toContainEqual({ key: "stage", value: "candidate" });
    expect(got.data?.metrics).toContainEqual(expect.objectContaining({ key: "loss", value: 0.4, step: 1 }));
    const found = await collect(
      mlflow.searchRuns({ experiment_ids: [experiment_id], filter: "tags.stage = 'candidate'" }),
    );
    expect(found.map((r) => r.info.run_id)).toEqual([runId]);
    const history = await collect(mlflow.getMetricHistory(runId, "loss"));
    expect(history.map((m) => [m.step, m.value])).toEqual([
      [0, 0.9],
      [1, 0.4],
    ]);
  });

  it("pages through search results with next_page_token", async () => {
    const { mlflow } = stack.client;
    const { experiment_id } = await mlflow.createExperiment("/paged");
    for (let i = 0; i < 3; i++) await mlflow.createRun({ experiment_id, run_name: `r${i}` });
    const runs = await collect(mlflow.searchRuns({ experiment_ids: [experiment_id], max_results: 2 }));
    expect(runs.map((r) => r.info.run_name).sort()).toEqual(["r0", "r1", "r2"]);
  });
});
