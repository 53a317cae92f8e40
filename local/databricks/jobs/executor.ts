import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import type { WorkspaceStore } from "../workspace/store.js";
import type { TaskSettings } from "./model.js";
import { type ProcessHandle, spawnTask, tail } from "./process.js";

/** What the executor needs from its host emulator. */
export interface ExecutorEnv {
  python: string;
  runnerPath: string;
  workspace: WorkspaceStore;
  /** Passed to tasks as DATABRICKS_HOST / DATABRICKS_TOKEN, so SDK calls come back here. */
  host: () => string;
  token: string;
  mlflowUrl: string | undefined;
  /** Variables inherited by task processes (already stripped of DATABRICKS_* / MLFLOW_*). */
  baseEnv: Record<string, string>;
}

export interface TaskOutcome {
  ok: boolean;
  logs: string;
  logsTruncated: boolean;
  error?: string;
  errorTrace?: string;
  notebookResult?: string;
}

export interface TaskStart {
  /** Task settings with dynamic value references already resolved. */
  task: TaskSettings;
  workDir: string;
  taskValuesDir: string;
  parameters: Record<string, string>;
}

/** Databricks keeps the last 5 MB of logs; a tail is enough for a dev emulator. */
const logTailBytes = 64 * 1024;

/** Starts a task as a Python process; throws an Error (message = run error) if it cannot be started. */
export function startTask(
  env: ExecutorEnv,
  start: TaskStart,
): { handle: ProcessHandle; outcome: Promise<TaskOutcome> } {
  mkdirSync(start.workDir, { recursive: true });
  mkdirSync(start.taskValuesDir, { recursive: true });
  const files = { logFile: join(start.workDir, "driver.log"), errFile: join(start.workDir, "stderr.log") };
  const resultFile = join(start.workDir, "result.json");
  const { args, cwd, extraPath } = command(env, start);
  const childEnv: Record<string, string> = {
    ...env.baseEnv,
    PYTHONUNBUFFERED: "1",
    DATABRICKS_HOST: env.host(),
    DATABRICKS_TOKEN: env.token,
    EMULATOR_WIDGETS: JSON.stringify(start.parameters),
    EMULATOR_TASK_VALUES_DIR: start.taskValuesDir,
    EMULATOR_TASK_KEY: start.task.task_key,
    EMULATOR_RESULT_FILE: resultFile,
  };
  if (env.mlflowUrl !== undefined) childEnv.MLFLOW_TRACKING_URI = env.mlflowUrl;
  if (extraPath.length > 0)
    childEnv.PYTHONPATH = [...extraPath, env.baseEnv.PYTHONPATH ?? ""].filter(Boolean).join(":");
  const handle = spawnTask({ command: env.python, args, cwd, env: childEnv, ...files });
  const outcome = handle.done.then(({ code }) => {
    const logs = tail(files.logFile, logTailBytes);
    const out: TaskOutcome = { ok: code === 0, logs: logs.text, logsTruncated: logs.truncated };
    if (existsSync(resultFile)) {
      const parsed = JSON.parse(readFileSync(resultFile, "utf8")) as { result?: string | null };
      if (typeof parsed.result === "string") out.notebookResult = parsed.result;
    }
    if (!out.ok) {
      const trace = tail(files.errFile, logTailBytes).text;
      out.errorTrace = trace;
      out.error = lastLine(trace) ?? `Process exited with code ${String(code)}`;
    }
    return out;
  });
  return { handle, outcome };
}

function command(env: ExecutorEnv, start: TaskStart): { args: string[]; cwd: string; extraPath: string[] } {
  const task = start.task;
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
  if (isRecord(task.spark_python_task)) {
    const file = resolveFile(env, text(task.spark_python_task.python_file));
    return { args: [file, ...strings(task.spark_python_task.parameters)], cwd: dirname(file), extraPath: [] };
  }
  if (isRecord(task.notebook_task)) {
    const file = resolveFile(env, text(task.notebook_task.notebook_path));
    return { args: [env.runnerPath, "notebook", file], cwd: dirname(file), extraPath: [] };
  }
  if (isRecord(task.python_wheel_task)) {
    const w = task.python_wheel_task;
    const named = isRecord(w.named_parameters)
      ? Object.entries(w.named_parameters).map(([k, v]) => `--${k}=${String(v)}`)
      : [];
    const wheels = (Array.isArray(task.libraries) ? task.libraries : []).flatMap((l) =>
      isRecord(l) && typeof l.whl === "string" ? [resolveFile(env, l.whl)] : [],
    );
    const args = [
      env.runnerPath,
      "wheel",
      text(w.package_name),
      text(w.entry_point),
      ...(named.length > 0 ? named : strings(w.parameters)),
    ];
    return { args, cwd: start.workDir, extraPath: wheels };
  }
  throw new Error(
    `The emulator runs spark_python_task, notebook_task and python_wheel_task only (task ${task.task_key}).`,
  );
}

/** Workspace paths (`/Workspace/...`, `/Users/...`) first, then local absolute paths (`file:` allowed). */
function resolveFile(env: ExecutorEnv, path: string): string {
  const local = path.replace(/^file:(\/\/)?/, "");
  if (path.startsWith("/")) {
    try {
      const info = env.workspace.status(path);
      if (info.object_type !== "DIRECTORY") return env.workspace.diskPath(info.path);
    } catch {
      // Not in the workspace: try the local file system below.
    }
  }
  if (isAbsolute(local) && existsSync(local)) return local;
  throw new Error(`File ${path} does not exist in the workspace or on the local file system.`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function lastLine(text: string): string | undefined {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .pop();
}

function text(v: unknown): string {
  return typeof v === "string" ? v : "";
}
