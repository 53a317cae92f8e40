import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memorySource } from "../../../../shared/bundles/source.js";
import type { DatabricksClient } from "../../../../shared/databricks/client.js";
import { DatabricksError } from "../../../../shared/databricks/errors.js";
import type { MlflowRun, SearchRunsRequest } from "../../../../shared/databricks/mlflow-types.js";
import { loadBundleSidecars } from "../../../../shared/pipelines/config/files.js";
import { createPipelineActivities } from "../../../../shared/pipelines/train-evaluate-register/pipeline.activities.js";
import { resolveDeployment } from "../../../../shared/pipelines/train-evaluate-register/deployment.js";
import { planFor } from "../../../../shared/pipelines/train-evaluate-register/plan.js";
import {
  findRegisteredVersion,
  findTrainRun,
} from "../../../../shared/pipelines/train-evaluate-register/runs.js";
import { commit, key } from "./world.js";

const bundle = memorySource({
  "databricks.yml": `bundle: { name: churn }
targets:
  local: { mode: development, default: true }
resources:
  experiments:
    exp: { name: /Workspace/Shared/churn }
  jobs:
    train: { name: train }
    evaluate: { name: evaluate }
    register: { name: register }
`,
});
const stateDir = "/Workspace/Users/dev@example.com/.bundle/churn/local/state";
const notFound = () =>
  new DatabricksError({
    errorCode: "RESOURCE_DOES_NOT_EXIST",
    message: "no such file",
    status: 404,
    retryable: false,
  });

/** A workspace holding `files`; SCIM Me answers dev@example.com (development mode roots under /Users/<me>). */
function workspace(files: Record<string, string>) {
  const client = {
    scim: { me: () => Promise.resolve({ id: "1", userName: "dev@example.com" }) },
    rest: { call: () => Promise.reject(new Error("no lookups expected")) },
    workspace: {},
    workspaceFiles: {
      downloadText: (path: string) =>
        path in files ? Promise.resolve(files[path]!) : Promise.reject(notFound()),
    },
  };
  return client as unknown as Pick<DatabricksClient, "scim" | "rest" | "workspace" | "workspaceFiles">;
}
const state = (entries: Record<string, string>, serial = 7) =>
  JSON.stringify({
    state_version: 2,
    cli_version: "0.1.0",
    lineage: "l-1",
    serial,
    state: Object.fromEntries(Object.entries(entries).map(([node, id]) => [node, { __id__: id, state: {} }])),
  });
const input = { bundle: "churn", target: "local", jobs: ["train", "evaluate", "register"] };

describe("ResolveDeployment", () => {
  it("reads job and experiment ids, the serial and the commit from the development-mode state", async () => {
    const client = workspace({
      [`${stateDir}/resources.json`]: state({
        "resources.jobs.train": "11",
        "resources.jobs.evaluate": "12",
        "resources.jobs.register": "13",
        "resources.experiments.exp": "5",
      }),
      [`${stateDir}/metadata.json`]: JSON.stringify({ version: 1, config: { bundle: { git: { commit } } } }),
    });
    expect(await resolveDeployment(client, bundle, input)).toEqual({
      kind: "deployed",
      jobIds: { train: "11", evaluate: "12", register: "13" },
      serial: 7,
      commit,
      statePath: `${stateDir}/resources.json`,
      experimentIds: ["5"],
    });
  });

  it("reports a target that was never deployed, naming the state file it looked for", async () => {
    const result = await resolveDeployment(workspace({}), bundle, input);
    expect(result).toEqual({
      kind: "notDeployed",
      message: `bundle churn was never deployed to target local (no ${stateDir}/resources.json)`,
    });
  });

  it("reports a step whose job is missing from the state; no commit without git metadata", async () => {
    const client = workspace({ [`${stateDir}/resources.json`]: state({ "resources.jobs.train": "11" }, 2) });
    expect(await resolveDeployment(client, bundle, input)).toEqual({
      kind: "notDeployed",
      message:
        "job resources.jobs.evaluate, resources.jobs.register of bundle churn is not deployed to target local (state serial 2)",
    });
  });
});

describe("ResolvePipelinePlan", () => {
  it("finds the churn bundle's plan for its local trigger", () => {
    const sidecars = loadBundleSidecars(join(import.meta.dirname, "..", "..", "..", "..", "bundles"));
    expect(planFor(sidecars, key)).toMatchObject({
      kind: "ok",
      plan: {
        bundle: "churn",
        model: "main.ml_local.churn",
        registerAlias: "challenger",
        championAlias: "champion",
        jobs: { train: { job: "train", timeoutSeconds: 7_200 }, register: { timeoutSeconds: 900 } },
      },
    });
    expect(planFor(sidecars, { ...key, account: "elsewhere" }).kind).toBe("unknownTrigger");
  });

  it("records in the plan whether completion callbacks are configured", () => {
    const activities = (callbacks?: boolean) =>
      createPipelineActivities({
        bundlesDir: join(import.meta.dirname, "..", "..", "..", "..", "bundles"),
        workspaceFor: () => {
          throw new Error("not used");
        },
        lakeAt: () => {
          throw new Error("not used");
        },
        ...(callbacks === undefined ? {} : { callbacks }),
      });
    const planOf = (r: ReturnType<ReturnType<typeof activities>["resolvePipelinePlan"]>) =>
      r.kind === "ok" ? r.plan : undefined;
    expect(planOf(activities(true).resolvePipelinePlan({ key }))?.callbacks).toBe(true);
    expect(planOf(activities(false).resolvePipelinePlan({ key }))?.callbacks).toBeUndefined();
    expect(planOf(activities().resolvePipelinePlan({ key }))?.callbacks).toBeUndefined();
  });
});

describe("FindTrainRun and WriteLineage", () => {
  it("searches the bundle's experiments by the orchestration tag, quoting the id", async () => {
    const requests: SearchRunsRequest[] = [];
    const run: MlflowRun = {
      info: { run_id: "r1", experiment_id: "5" },
      data: { metrics: [{ key: "holdout_rows", value: 500, timestamp: 0, step: 0 }] },
    };
    const mlflow = {
      searchRuns: (r: SearchRunsRequest) => {
        requests.push(r);
        return {
          [Symbol.asyncIterator]: () => [run][Symbol.iterator](),
        } as unknown as AsyncIterable<MlflowRun>;
      },
    };
    const client = { mlflow, unityCatalog: {} } as unknown as Pick<
      DatabricksClient,
      "mlflow" | "unityCatalog"
    >;
    const found = await findTrainRun(client, {
      target: "local",
      experimentIds: ["5"],
      orchestrationId: "tr-'x",
    });
    expect(found).toEqual({ runId: "r1", metrics: { holdout_rows: 500 } });
    expect(requests[0]?.filter).toBe("tags.orchestration_id = 'tr-\\'x' and attributes.status = 'FINISHED'");
    expect(
      await findTrainRun(client, { target: "local", experimentIds: [], orchestrationId: "tr-1" }),
    ).toBeNull();
  });

  it("writes the manifest next to the landed data, replacing an earlier attempt's", async () => {
    const writes: { at: string; path: string; text: string }[] = [];
    const activities = createPipelineActivities({
      bundlesDir: "/nowhere",
      workspaceFor: () => {
        throw new Error("not used");
      },
      lakeAt: (at) => ({
        write: (path, text) => {
          writes.push({ at: `${at.account}/${at.filesystem}`, path, text });
          return Promise.resolve();
        },
      }),
    });
    const manifest = { version: 1, instanceId: "tr-1" } as never;
    const out = await activities.writeLineage({ key, instanceId: "tr-1", manifest });
    expect(out).toEqual({ path: "_orchestrator/runs/tr-1.json" });
    expect(writes).toEqual([
      {
        at: "devstoreaccount1/landing",
        path: "_orchestrator/runs/tr-1.json",
        text: `${JSON.stringify(manifest, null, 2)}\n`,
      },
    ]);
  });
});

describe("FindRegisteredVersion", () => {
  const versions = [
    { version: 3, run_id: "r1" },
    { version: 4, run_id: "r2" },
  ];
  const uc = (alias: number) =>
    ({
      mlflow: {},
      unityCatalog: {
        getModelVersionByAlias: () => Promise.resolve({ version: alias }),
        getModelVersion: (_: string, v: number) => Promise.resolve(versions.find((x) => x.version === v)),
        listModelVersions: () => ({ [Symbol.asyncIterator]: () => versions[Symbol.iterator]() }),
      },
    }) as unknown as Pick<DatabricksClient, "mlflow" | "unityCatalog">;
  const ref = { target: "local", model: "main.ml_local.churn", alias: "challenger" };

  it("takes the aliased version when it comes from the run", async () => {
    expect(await findRegisteredVersion(uc(3), { ...ref, runId: "r1" })).toEqual({ version: "3" });
  });

  it("finds the run's version when another pipeline moved the alias since, and null for an unknown run", async () => {
    expect(await findRegisteredVersion(uc(4), { ...ref, runId: "r1" })).toEqual({ version: "3" });
    expect(await findRegisteredVersion(uc(4), { ...ref, runId: "r9" })).toBeNull();
  });
});
