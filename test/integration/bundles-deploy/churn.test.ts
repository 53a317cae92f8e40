import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../../local/databricks/index.js";
import { type MlflowServer, startMlflow } from "../../../local/mlflow/server.js";
import {
  deployBundle,
  destroyBundle,
  memorySnapshotStore,
  nodeTree,
  type DeployDeps,
} from "../../../shared/bundles/deploy/index.js";
import type { DatabricksClient, Job } from "../../../shared/databricks/index.js";
import { nodeSource } from "../../conformance/node-source.js";
import { clientFor, emulator, root } from "../databricks/helpers.js";
import { mlflowMissing } from "../databricks/mlflow-stack.js";
import { schema } from "./helpers.js";

const churn = join(root, "bundles", "churn");
const user = "developer@example.com";
const files = `/Workspace/Users/${user}/.bundle/churn/local/files`;

describe.skipIf(mlflowMissing() !== undefined)(
  "the example bundle bundles/churn, target local, on the emulator",
  () => {
    let mlflow: MlflowServer;
    let emu: RunningEmulator;
    let client: DatabricksClient;
    let deps: DeployDeps;
    const dataDir = mkdtempSync(join(tmpdir(), "churn-mlflow-"));
    const input = { source: nodeSource(churn), tree: nodeTree(churn), schema, target: "local" };
    beforeAll(async () => {
      mlflow = await startMlflow({ dataDir });
      emu = await emulator({ mlflowUrl: mlflow.url });
      client = clientFor(emu);
      const store = memorySnapshotStore(files);
      deps = {
        client,
        snapshots: () => store,
        now: () => new Date(),
        newId: randomUUID,
        cliVersion: "0.1.0",
      };
    }, 120_000);
    afterAll(async () => {
      await emu.stop();
      await mlflow.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it("deploys the three jobs with their settings, the experiment and the registered model; redeploy changes nothing; destroy removes all", async () => {
      const r = await deployBundle(deps, input);
      expect(
        r.kind === "failed" || r.kind === "invalid"
          ? r.kind === "failed"
            ? r.error?.message
            : r.prepared.diagnostics.map((d) => d.summary).join("; ")
          : "",
      ).toBe("");
      if (r.kind !== "deployed") return;
      expect(r.prepared.diagnostics.map((d) => d.summary)).toEqual([]);
      const jobs: Job[] = [];
      for await (const j of client.jobs.list()) jobs.push(await client.jobs.get(j.job_id ?? ""));
      const byName = new Map(jobs.map((j) => [j.settings?.name ?? "", j.settings]));
      expect([...byName.keys()].sort()).toEqual([
        "[dev developer] churn-evaluate",
        "[dev developer] churn-register",
        "[dev developer] churn-train",
      ]);
      const train = byName.get("[dev developer] churn-train");
      expect(train).toMatchObject({
        max_concurrent_runs: 4,
        tags: { dev: "developer" },
        edit_mode: "UI_LOCKED",
        format: "MULTI_TASK",
        deployment: { kind: "BUNDLE" },
      });
      expect(train?.tasks?.[0]).toMatchObject({
        task_key: "train",
        job_cluster_key: "single_node",
        spark_python_task: { python_file: `${files}/src/train.py` },
      });
      const params = Object.fromEntries((train?.parameters ?? []).map((p) => [p.name, p.default]));
      // Development mode prefixes the last segment of an experiment name (apply_presets.go).
      expect(params["experiment_name"]).toBe(`/Workspace/Users/${user}/[dev developer] churn`);
      const evaluate = byName.get("[dev developer] churn-evaluate");
      expect(
        Object.fromEntries((evaluate?.parameters ?? []).map((p) => [p.name, p.default]))["model_name"],
      ).toBe("main.ml_local.dev_developer_churn");
      const experiment = await client.mlflow.getExperimentByName(
        `/Workspace/Users/${user}/[dev developer] churn`,
      );
      expect(experiment.experiment_id).toMatch(/^\d+$/);
      // The experiment's permissions, with the deploying user kept as manager (fix_permissions.go).
      const acl = await client.rest.call<{ access_control_list: unknown[] }>({
        method: "GET",
        path: `/api/2.0/permissions/experiments/${experiment.experiment_id}`,
      });
      expect(acl.access_control_list).toEqual([
        { group_name: "users", all_permissions: [{ permission_level: "CAN_READ", inherited: false }] },
        {
          user_name: user,
          display_name: user,
          all_permissions: [{ permission_level: "CAN_MANAGE", inherited: false }],
        },
      ]);
      expect(
        (await client.unityCatalog.getRegisteredModel("main.ml_local.dev_developer_churn")).full_name,
      ).toBe("main.ml_local.dev_developer_churn");

      const again = await deployBundle(deps, input);
      expect(again.kind === "deployed" && again.applied).toEqual([]);
      expect(again.kind === "deployed" && again.files).toMatchObject({ uploaded: 0, deleted: 0 });

      const gone = await destroyBundle(deps, input);
      expect(gone.kind === "destroyed" && gone.deleted.length).toBe(5);
      const left: Job[] = [];
      for await (const j of client.jobs.list()) left.push(j);
      expect(left).toEqual([]);
      await expect(
        client.unityCatalog.getRegisteredModel("main.ml_local.dev_developer_churn"),
      ).rejects.toMatchObject({ status: 404 });
      await expect(
        client.workspace.getStatus(`/Workspace/Users/${user}/.bundle/churn/local`),
      ).rejects.toMatchObject({ status: 404 });
    }, 120_000);
  },
);
