import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { StackFile } from "../../../local/stack/state.js";
import { parseConnectionString, putBlob } from "./blob.js";
import { repoRoot } from "./helpers.js";

const bundle = join(repoRoot, "bundles", "churn");
const date = "2026-11-25";

/** Lands a generated partition in the stack's Azurite like a producer (parts, then the marker). */
async function landPartition(info: StackFile): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), "stack-lake-"));
  const python = join(repoRoot, ".local", "venv", "bin", "python");
  const gen = spawnSync(
    python,
    ["-m", "churn.datagen", "--out", out, "--date", date, "--rows", "400", "--seed", "3"],
    {
      cwd: bundle,
      encoding: "utf8",
    },
  );
  if (gen.status !== 0) throw new Error(`datagen failed: ${gen.stderr}`);
  const account = parseConnectionString(String(info.components.azurite.connectionString));
  const folder = `churn/customers/date=${date}`;
  await putBlob(
    account,
    "landing",
    `${folder}/part-00000.csv`,
    readFileSync(join(out, `date=${date}`, "part-00000.csv"), "utf8"),
  );
  await putBlob(account, "landing", `${folder}/_SUCCESS`, "");
  return `abfss://landing@${account.name}.dfs.core.windows.net/${folder}`;
}

async function api(
  info: StackFile,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${info.components.databricks.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${String(info.components.databricks.token)}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // Ids are 19-digit int64s, beyond a JavaScript number: read them as strings.
  const json = JSON.parse((await res.text()).replace(/:\s*(\d{16,})/g, ':"$1"')) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * Runs the example bundle's train task in the emulator on a partition landed in Azurite under its
 * `abfss://` URL: the job reads it through the connection string the stack gives the emulator's tasks.
 * Returns the run's final state and, when it failed, the task's error.
 */
export async function trainOnLandedData(info: StackFile): Promise<{ result: string; error: string }> {
  const inputPath = await landPartition(info);
  const job = await api(info, "POST", "/api/2.2/jobs/create", {
    name: "stack-train",
    tasks: [
      {
        task_key: "train",
        spark_python_task: {
          python_file: join(bundle, "src", "train.py"),
          parameters: [
            `--input-paths=${inputPath}`,
            "--experiment-name=/Shared/stack-test",
            "--orchestration-id=stack-test",
          ],
        },
      },
    ],
  });
  const { run_id: runId } = await api(info, "POST", "/api/2.2/jobs/run-now", { job_id: job.job_id });
  for (;;) {
    const run = await api(info, "GET", `/api/2.2/jobs/runs/get?run_id=${String(runId)}`);
    const state = run.state as { life_cycle_state?: string; result_state?: string };
    if (["TERMINATED", "INTERNAL_ERROR", "SKIPPED"].includes(state.life_cycle_state ?? "")) {
      const task = (run.tasks as { run_id: unknown }[] | undefined)?.[0];
      const output = task
        ? await api(info, "GET", `/api/2.2/jobs/runs/get-output?run_id=${String(task.run_id)}`)
        : {};
      return {
        result: state.result_state ?? state.life_cycle_state ?? "",
        error: typeof output.error === "string" ? output.error : "",
      };
    }
    await sleep(500);
  }
}
