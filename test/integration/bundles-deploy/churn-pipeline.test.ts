import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../../local/databricks/index.js";
import { type MlflowServer, startMlflow } from "../../../local/mlflow/server.js";
import { defaultVenvDir } from "../../../local/mlflow/venv.js";
import { runBundleCli } from "../../../shared/bundles/cli/run.js";
import type { DatabricksClient } from "../../../shared/databricks/index.js";
import { clientFor, emulator, root, waitForRun } from "../databricks/helpers.js";
import { mlflowMissing } from "../databricks/mlflow-stack.js";
import { schema } from "./helpers.js";

const churn = join(root, "bundles", "churn");
const model = "main.ml_local.dev_developer_churn";
const commit = "0123456789abcdef0123456789abcdef01234567";

/**
 * Issue #5's end-to-end check: the example bundle's `local` target deployed to the emulator with the
 * bundle CLI, then its three jobs run in order through the Jobs API as the orchestrator will run them (job
 * parameters only;
 * evaluate and register find the train run by its orchestration_id tag), until a real model version
 * exists in the local MLflow registry with its lineage tags and the `challenger` alias.
 */
describe.skipIf(mlflowMissing() !== undefined)(
  "bundles/churn: train → evaluate → register on the emulator",
  () => {
    let mlflow: MlflowServer;
    let emu: RunningEmulator;
    let client: DatabricksClient;
    const work = mkdtempSync(join(tmpdir(), "churn-e2e-"));
    const jobIds = new Map<string, string>();

    const runJob = async (key: string, params: Record<string, string>): Promise<string> => {
      const jobId = jobIds.get(key) ?? "";
      const { run_id } = await client.jobs.runNow({ job_id: jobId, job_parameters: params });
      const { run, outcome } = await waitForRun(client, run_id);
      const output = outcome === "succeeded" ? "" : JSON.stringify(await runLogs(run.tasks?.[0]?.run_id));
      expect(`${key}: ${outcome}${output}`).toBe(`${key}: succeeded`);
      return run_id;
    };
    const runLogs = async (taskRunId: string | undefined) =>
      taskRunId === undefined ? undefined : await client.jobs.getRunOutput(taskRunId);

    beforeAll(async () => {
      mlflow = await startMlflow({ dataDir: join(work, "mlflow") });
      // The jobs need the stack's Python (mlflow, scikit-learn), as `npm start` gives the emulator.
      emu = await emulator({ mlflowUrl: mlflow.url, python: join(defaultVenvDir(), "bin", "python") });
      client = clientFor(emu);
      // Deployed as a user would: `npm run bundle -- deploy -t local` in (a copy of) the bundle folder, so the
      // CLI's local sync state lands in the copy and not in the repository.
      const bundle = join(work, "churn");
      cpSync(churn, bundle, {
        recursive: true,
        filter: (src) => !/[\\/](\.databricks|__pycache__|\.pytest_cache)$/.test(src),
      });
      let err = "";
      const code = await runBundleCli({
        argv: ["deploy", "-t", "local"],
        env: { DATABRICKS_HOST: emu.url, DATABRICKS_TOKEN: emu.token },
        userCwd: bundle,
        io: { out: () => undefined, err: (t) => void (err += t) },
        client: () => client,
        schema,
        cliVersion: "0.1.0",
      });
      if (code !== 0) throw new Error(`npm run bundle -- deploy -t local failed:\n${err}`);
      for await (const job of client.jobs.list()) {
        const name = job.settings?.name ?? "";
        jobIds.set(name.replace("[dev developer] churn-", ""), job.job_id ?? "");
      }
      // A clean, seeded partition: the gate passes on it (bundles/churn/README.md).
      await promisify(execFile)(
        join(defaultVenvDir(), "bin", "python"),
        [
          "-m",
          "churn.datagen",
          "--out",
          join(work, "lake"),
          "--date",
          "2026-11-25",
          "--rows",
          "2000",
          "--seed",
          "7",
        ],
        { cwd: churn, env: { ...process.env, PYTHONPATH: churn } },
      );
    }, 300_000);

    afterAll(async () => {
      await emu?.stop();
      await mlflow?.stop();
      rmSync(work, { recursive: true, force: true });
    });

    it("registers a real model version tagged with its lineage and points challenger at it", async () => {
      const lineage = { orchestration_id: "e2e-orchestration-1", commit_sha: commit };
      const data = join(work, "lake", "date=2026-11-25");
      await runJob("train", { input_paths: data, ...lineage });
      await runJob("evaluate", lineage);
      await runJob("register", lineage);

      const version = await client.mlflow.getModelVersionByAlias(model, "challenger");
      const tags = Object.fromEntries((version.tags ?? []).map((t) => [t.key, t.value]));
      expect(tags).toMatchObject({ orchestration_id: lineage.orchestration_id, commit_sha: commit });
      expect(tags["data_paths"]).toContain("date=2026-11-25");
      const trainRun = await client.mlflow.getRun(tags["run_id"] ?? "");
      const metrics = Object.fromEntries((trainRun.data?.metrics ?? []).map((m) => [m.key, m.value]));
      expect(metrics["gate_passed"]).toBe(1);
      expect(version.run_id).toBe(tags["run_id"]);
    }, 600_000);
  },
);
