import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type RunningEmulator, startEmulator, type StartOptions } from "../../../local/databricks/index.js";
import {
  classifyRun,
  createDatabricksClient,
  type DatabricksClient,
  type JobSettings,
  patAuth,
  type RetryOptions,
  type Run,
  type RunOutcome,
} from "../../../shared/databricks/index.js";

export const root = join(import.meta.dirname, "..", "..", "..");
export const run = promisify(execFile);

/** A fresh emulator on a free port with its own data folder. */
export function emulator(options: Partial<StartOptions> = {}): Promise<RunningEmulator> {
  return startEmulator({ dataDir: mkdtempSync(join(tmpdir(), "dbx-emu-")), python: "python3", ...options });
}

/** The stack's venv if it has databricks-sdk, else a hand-made one (see docs/adr/0004); undefined if none. */
export async function pythonWithSdk(): Promise<string | undefined> {
  for (const python of [join(root, ".local", "venv", "bin", "python"), "/tmp/dbsdk-venv/bin/python"]) {
    if (!existsSync(python)) continue;
    try {
      await run(python, ["-c", "import databricks.sdk"]);
      return python;
    } catch {
      // Not this one.
    }
  }
  return undefined;
}

/** A client for the emulator with fast retries (waits are still real, but tiny). */
export function clientFor(emu: RunningEmulator, retry: RetryOptions = {}): DatabricksClient {
  return createDatabricksClient({
    host: emu.url,
    auth: patAuth(emu.token),
    rateLimit: false,
    retry: { baseDelayMs: 1, maxDelayMs: 5, ...retry },
  });
}

/** Polls runs/get until classifyRun says the run is over. */
export async function waitForRun(
  client: DatabricksClient,
  runId: string,
): Promise<{ run: Run; outcome: RunOutcome }> {
  for (;;) {
    const run = await client.jobs.getRun(runId);
    const outcome = classifyRun(run);
    if (outcome !== "running") return { run, outcome };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls until the predicate holds for the run. */
export async function waitUntil(
  client: DatabricksClient,
  runId: string,
  ok: (run: Run) => boolean,
): Promise<Run> {
  for (;;) {
    const run = await client.jobs.getRun(runId);
    if (ok(run)) return run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Writes a Python script into a temp folder and returns its absolute path. */
export function script(source: string, name = "task.py"): string {
  const dir = mkdtempSync(join(tmpdir(), "dbx-script-"));
  const file = join(dir, name);
  writeFileSync(file, source);
  return file;
}

/** A job with one spark_python_task running `file`. */
export function pythonJob(
  name: string,
  file: string,
  extra: Partial<JobSettings> = {},
  parameters: string[] = [],
): JobSettings {
  return {
    name,
    tasks: [{ task_key: "main", spark_python_task: { python_file: file, parameters } }],
    ...extra,
  };
}
