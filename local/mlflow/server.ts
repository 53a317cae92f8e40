import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "./ports.js";
import { type GroupChild, spawnGroup } from "./process-group.js";
import { defaultVenvDir, findMlflowExecutable } from "./venv.js";

export interface StartMlflowOptions {
  /** Holds mlflow.db (SQLite backend and registry), artifacts/ and mlflow.log. */
  dataDir: string;
  /** 0 (default) picks a free loopback port. */
  port?: number;
  /** The venv with MLflow installed (default `.local/venv` under the working directory). */
  venv?: string;
  /** How long to wait for `GET /health` (first start runs the database migrations). Default 120 s. */
  startTimeoutMs?: number;
}

export interface MlflowServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  /** The process group leader; the group holds the uvicorn worker and anything MLflow spawns. */
  readonly pid: number;
  readonly logFile: string;
  /** Stops the whole process group; safe to call more than once. */
  stop(): Promise<void>;
}

/** Starts the real MLflow tracking server from the venv and resolves once it answers `/health`. */
export async function startMlflow(options: StartMlflowOptions): Promise<MlflowServer> {
  const venv = options.venv ?? defaultVenvDir();
  const executable = findMlflowExecutable(venv);
  if (!executable) {
    throw new Error(`MLflow is not installed in ${venv}; run \`node local/setup/venv.mjs\` to install it`);
  }
  const dataDir = resolve(options.dataDir);
  mkdirSync(join(dataDir, "artifacts"), { recursive: true });
  const logFile = join(dataDir, "mlflow.log");
  // A port we picked ourselves can be taken by someone else before MLflow binds it: then pick again.
  for (let attempt = 1; ; attempt++) {
    const port = options.port || (await freePort());
    const logStart = existsSync(logFile) ? statSync(logFile).size : 0;
    const child = spawnGroup(executable, serverArgs(dataDir, port), {
      logFile,
      env: serverEnv(),
      cwd: dataDir,
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitHealthy(url, child, { logFile, logStart }, options.startTimeoutMs ?? 120_000);
      return { url, pid: child.pid, logFile, stop: () => child.stop() };
    } catch (err) {
      await child.stop();
      if (options.port || attempt >= 3 || !/address already in use/i.test(tail(logFile, logStart))) throw err;
    }
  }
}

/** MLflow 3 flags: SQLite for tracking and registry, artifacts proxied by the server, one worker. */
export function serverArgs(dataDir: string, port: number): string[] {
  return [
    "server",
    "--backend-store-uri",
    `sqlite:///${join(dataDir, "mlflow.db")}`,
    "--serve-artifacts",
    "--artifacts-destination",
    join(dataDir, "artifacts"),
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
    "--workers",
    "1",
  ];
}

/** The environment the MLflow server runs with (shared with the stack launcher, local/stack). */
export function serverEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // MLflow 3 sends usage telemetry unless told not to; the stack talks to loopback only.
    MLFLOW_DISABLE_TELEMETRY: "true",
    DO_NOT_TRACK: "true",
    // The job executor (huey consumers for scorers and trace rollups) is not needed and adds processes.
    MLFLOW_SERVER_ENABLE_JOB_EXECUTION: "false",
    PYTHONUNBUFFERED: "1",
  };
}

async function waitHealthy(
  url: string,
  child: GroupChild,
  log: { logFile: string; logStart: number },
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.hasExited()) {
      throw new Error(
        `MLflow server exited during start-up; ${log.logFile}:\n${tail(log.logFile, log.logStart)}`,
      );
    }
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`MLflow server did not answer ${url}/health within ${timeoutMs} ms; log ${log.logFile}`);
}

/** The last lines this start wrote: the log is appended to across starts. */
function tail(file: string, from: number): string {
  try {
    return readFileSync(file).subarray(from).toString("utf8").split("\n").slice(-20).join("\n");
  } catch {
    return "";
  }
}
