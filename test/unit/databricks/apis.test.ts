import { describe, expect, it } from "vitest";
import type { DatabricksClient } from "../../../shared/databricks/client.js";
import { collect } from "../../../shared/databricks/pagination.js";
import { setup } from "./setup.js";

/** [name, call, method, path, query, body] — what each API method puts on the wire. */
type Shape = [
  string,
  (c: DatabricksClient) => Promise<unknown>,
  string,
  string,
  Record<string, string>,
  unknown,
];

const ws = "/api/2.0/workspace";
const jobs = "/api/2.2/jobs";
const ml = "/api/2.0/mlflow";
const uc = "/api/2.1/unity-catalog/models";

const shapes: Shape[] = [
  ["scim me", (c) => c.scim.me(), "GET", "/api/2.0/preview/scim/v2/Me", {}, undefined],
  [
    "workspace getStatus",
    (c) => c.workspace.getStatus("/Users/a"),
    "GET",
    `${ws}/get-status`,
    { path: "/Users/a" },
    undefined,
  ],
  ["workspace mkdirs", (c) => c.workspace.mkdirs("/b"), "POST", `${ws}/mkdirs`, {}, { path: "/b" }],
  [
    "workspace import",
    (c) => c.workspace.import({ path: "/b/f.py", content: "cHJpbnQ=", format: "AUTO", overwrite: true }),
    "POST",
    `${ws}/import`,
    {},
    { path: "/b/f.py", content: "cHJpbnQ=", format: "AUTO", overwrite: true },
  ],
  [
    "workspace export",
    (c) => c.workspace.export("/b/f.py"),
    "GET",
    `${ws}/export`,
    { path: "/b/f.py", format: "SOURCE" },
    undefined,
  ],
  ["workspace list", (c) => c.workspace.list("/b"), "GET", `${ws}/list`, { path: "/b" }, undefined],
  [
    "workspace delete",
    (c) => c.workspace.delete("/b", true),
    "POST",
    `${ws}/delete`,
    {},
    { path: "/b", recursive: true },
  ],
  [
    "jobs create",
    (c) => c.jobs.create({ name: "j", max_concurrent_runs: 1 }),
    "POST",
    `${jobs}/create`,
    {},
    { name: "j", max_concurrent_runs: 1 },
  ],
  [
    "jobs reset",
    (c) => c.jobs.reset("3", { name: "j" }),
    "POST",
    `${jobs}/reset`,
    {},
    { job_id: 3, new_settings: { name: "j" } },
  ],
  [
    "jobs update",
    (c) => c.jobs.update("3", { timeout_seconds: 60 }, ["tags"]),
    "POST",
    `${jobs}/update`,
    {},
    { job_id: 3, new_settings: { timeout_seconds: 60 }, fields_to_remove: ["tags"] },
  ],
  ["jobs delete", (c) => c.jobs.delete("3"), "POST", `${jobs}/delete`, {}, { job_id: 3 }],
  [
    "jobs runNow",
    (c) =>
      c.jobs.runNow({
        job_id: "3",
        job_parameters: { env: "dev" },
        idempotency_token: "t",
        queue: { enabled: true },
      }),
    "POST",
    `${jobs}/run-now`,
    {},
    { job_id: 3, job_parameters: { env: "dev" }, idempotency_token: "t", queue: { enabled: true } },
  ],
  [
    "runs get",
    (c) => c.jobs.getRun("4", { includeHistory: true }),
    "GET",
    `${jobs}/runs/get`,
    { run_id: "4", include_history: "true" },
    undefined,
  ],
  ["runs cancel", (c) => c.jobs.cancelRun("4"), "POST", `${jobs}/runs/cancel`, {}, { run_id: 4 }],
  [
    "runs getOutput",
    (c) => c.jobs.getRunOutput("4"),
    "GET",
    `${jobs}/runs/get-output`,
    { run_id: "4" },
    undefined,
  ],
  [
    "runs repair",
    (c) =>
      c.jobs.repairRun({
        run_id: "4",
        latest_repair_id: "8",
        rerun_tasks: ["t"],
        job_parameters: { a: "b" },
      }),
    "POST",
    `${jobs}/runs/repair`,
    {},
    { rerun_tasks: ["t"], job_parameters: { a: "b" }, run_id: 4, latest_repair_id: 8 },
  ],
  [
    "experiment by name",
    (c) => c.mlflow.getExperimentByName("/Shared/x"),
    "GET",
    `${ml}/experiments/get-by-name`,
    { experiment_name: "/Shared/x" },
    undefined,
  ],
  [
    "experiment create",
    (c) => c.mlflow.createExperiment("/Shared/x", { tags: [{ key: "k", value: "v" }] }),
    "POST",
    `${ml}/experiments/create`,
    {},
    { name: "/Shared/x", tags: [{ key: "k", value: "v" }] },
  ],
  [
    "experiment get",
    (c) => c.mlflow.getExperiment("12"),
    "GET",
    `${ml}/experiments/get`,
    { experiment_id: "12" },
    undefined,
  ],
  ["mlflow run get", (c) => c.mlflow.getRun("r1"), "GET", `${ml}/runs/get`, { run_id: "r1" }, undefined],
  [
    "mlflow run create",
    (c) => c.mlflow.createRun({ experiment_id: "12", run_name: "n", start_time: 5 }),
    "POST",
    `${ml}/runs/create`,
    {},
    { experiment_id: "12", run_name: "n", start_time: 5 },
  ],
  [
    "mlflow log-batch",
    (c) =>
      c.mlflow.logBatch({
        run_id: "r1",
        metrics: [{ key: "acc", value: 0.9, timestamp: 1, step: 0 }],
        params: [{ key: "lr", value: "0.1" }],
      }),
    "POST",
    `${ml}/runs/log-batch`,
    {},
    {
      run_id: "r1",
      metrics: [{ key: "acc", value: 0.9, timestamp: 1, step: 0 }],
      params: [{ key: "lr", value: "0.1" }],
    },
  ],
  [
    "mlflow run set-tag",
    (c) => c.mlflow.setRunTag("r1", "k", "v"),
    "POST",
    `${ml}/runs/set-tag`,
    {},
    { run_id: "r1", key: "k", value: "v" },
  ],
  [
    "registered model create",
    (c) => c.mlflow.createRegisteredModel("m", { description: "d" }),
    "POST",
    `${ml}/registered-models/create`,
    {},
    { name: "m", description: "d" },
  ],
  [
    "registered model get",
    (c) => c.mlflow.getRegisteredModel("m"),
    "GET",
    `${ml}/registered-models/get`,
    { name: "m" },
    undefined,
  ],
  [
    "registered models search",
    (c) => collect(c.mlflow.searchRegisteredModels({ filter: "name='m'", max_results: 10 })),
    "GET",
    `${ml}/registered-models/search`,
    { filter: "name='m'", max_results: "10" },
    undefined,
  ],
  [
    "registered model set-tag",
    (c) => c.mlflow.setRegisteredModelTag("m", "k", "v"),
    "POST",
    `${ml}/registered-models/set-tag`,
    {},
    { name: "m", key: "k", value: "v" },
  ],
  [
    "model version create",
    (c) => c.mlflow.createModelVersion({ name: "m", source: "runs:/r1/model", run_id: "r1" }),
    "POST",
    `${ml}/model-versions/create`,
    {},
    { name: "m", source: "runs:/r1/model", run_id: "r1" },
  ],
  [
    "model version get",
    (c) => c.mlflow.getModelVersion("m", "2"),
    "GET",
    `${ml}/model-versions/get`,
    { name: "m", version: "2" },
    undefined,
  ],
  [
    "model versions search",
    (c) => collect(c.mlflow.searchModelVersions({ filter: "name='m'" })),
    "GET",
    `${ml}/model-versions/search`,
    { filter: "name='m'" },
    undefined,
  ],
  [
    "model version update",
    (c) => c.mlflow.updateModelVersion("m", "2", "better"),
    "PATCH",
    `${ml}/model-versions/update`,
    {},
    { name: "m", version: "2", description: "better" },
  ],
  [
    "model version set-tag",
    (c) => c.mlflow.setModelVersionTag("m", "2", "k", "v"),
    "POST",
    `${ml}/model-versions/set-tag`,
    {},
    { name: "m", version: "2", key: "k", value: "v" },
  ],
  [
    "alias set",
    (c) => c.mlflow.setAlias("m", "champion", "2"),
    "POST",
    `${ml}/registered-models/alias`,
    {},
    { name: "m", alias: "champion", version: "2" },
  ],
  [
    "alias delete",
    (c) => c.mlflow.deleteAlias("m", "champion"),
    "DELETE",
    `${ml}/registered-models/alias`,
    {},
    { name: "m", alias: "champion" },
  ],
  [
    "alias get",
    (c) => c.mlflow.getModelVersionByAlias("m", "champion"),
    "GET",
    `${ml}/registered-models/alias`,
    { name: "m", alias: "champion" },
    undefined,
  ],
  [
    "transition stage",
    (c) => c.mlflow.transitionStage("m", "2", "Production", true),
    "POST",
    `${ml}/model-versions/transition-stage`,
    {},
    { name: "m", version: "2", stage: "Production", archive_existing_versions: true },
  ],
  [
    "UC model get",
    (c) => c.unityCatalog.getRegisteredModel("main.ml.churn"),
    "GET",
    `${uc}/main.ml.churn`,
    { include_aliases: "true" },
    undefined,
  ],
  [
    "UC model create",
    (c) => c.unityCatalog.createRegisteredModel({ name: "churn", catalog_name: "main", schema_name: "ml" }),
    "POST",
    uc,
    {},
    { name: "churn", catalog_name: "main", schema_name: "ml" },
  ],
  [
    "UC version get",
    (c) => c.unityCatalog.getModelVersion("main.ml.churn", 3),
    "GET",
    `${uc}/main.ml.churn/versions/3`,
    { include_aliases: "true" },
    undefined,
  ],
  [
    "UC alias set",
    (c) => c.unityCatalog.setAlias("main.ml.churn", "champion", 3),
    "PUT",
    `${uc}/main.ml.churn/aliases/champion`,
    {},
    { full_name: "main.ml.churn", alias: "champion", version_num: 3 },
  ],
  [
    "UC alias delete",
    (c) => c.unityCatalog.deleteAlias("main.ml.churn", "champion"),
    "DELETE",
    `${uc}/main.ml.churn/aliases/champion`,
    {},
    undefined,
  ],
  [
    "UC alias get",
    (c) => c.unityCatalog.getModelVersionByAlias("main.ml.churn", "champion"),
    "GET",
    `${uc}/main.ml.churn/aliases/champion`,
    { include_aliases: "true" },
    undefined,
  ],
];

describe("request shapes", () => {
  it.each(shapes)("%s", async (_name, call, method, path, query, body) => {
    const { client, fake, run } = setup([{ body: {} }]);
    await run(call(client));
    const req = fake.requests[0];
    expect(req?.method).toBe(method);
    expect(req?.path).toBe(path);
    expect(Object.fromEntries(req?.url.searchParams ?? [])).toEqual(query);
    expect(fake.bodyOf(0)).toEqual(body);
    if (body !== undefined) expect(req?.headers["content-type"]).toBe("application/json");
  });

  it("unwraps MLflow envelopes", async () => {
    const { client, run } = setup([
      { body: { experiment: { experiment_id: "1", name: "x" } } },
      { body: { model_version: { name: "m", version: "2", aliases: ["champion"] } } },
      { body: { registered_model: { name: "m" } } },
    ]);
    expect(await run(client.mlflow.getExperimentByName("x"))).toEqual({ experiment_id: "1", name: "x" });
    expect(await run(client.mlflow.getModelVersionByAlias("m", "champion"))).toMatchObject({ version: "2" });
    expect(await run(client.mlflow.getRegisteredModel("m"))).toEqual({ name: "m" });
  });
});
