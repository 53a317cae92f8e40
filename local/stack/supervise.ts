import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type GroupChild, spawnGroup } from "../mlflow/process-group.js";
import type { ComponentSpec } from "./components.js";

/** A component that did not become healthy: what happened, and where its log is. */
export class ComponentStartError extends Error {
  constructor(
    readonly component: string,
    readonly reason: string,
    readonly logFile: string,
    readonly logTail: string,
  ) {
    super(`${component} failed to start: ${reason}; log: ${logFile}`);
    this.name = "ComponentStartError";
  }
}

export interface RunningComponent {
  readonly spec: ComponentSpec;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves when the process (its group leader) exits, whoever stopped it. */
  readonly exited: Promise<void>;
  hasExited(): boolean;
  /** Milliseconds from spawn to the first healthy answer (undefined until then). */
  readyMs(): number | undefined;
  /** Resolves once healthy, or at once when `signal` aborts; throws ComponentStartError otherwise. */
  ready(signal: AbortSignal): Promise<void>;
  /** Stops the whole process group (SIGTERM, then SIGKILL); safe to call more than once. */
  stop(): Promise<void>;
}

/** The last lines a start wrote: the log is appended to across starts, so read from `from`. */
export function logTail(file: string, from: number, lines = 15): string {
  try {
    return readFileSync(file).subarray(from).toString("utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

/** Spawns a component in its own process group, its output appended to `<logDir>/<name>.log`. */
export function launch(spec: ComponentSpec, logDir: string): RunningComponent {
  for (const dir of spec.dirs) mkdirSync(dir, { recursive: true });
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${spec.name}.log`);
  const from = existsSync(logFile) ? statSync(logFile).size : 0;
  appendFileSync(logFile, `--- npm start: ${spec.name} starting at ${new Date().toISOString()} ---\n`);
  const spawnedAt = Date.now();
  let readyMs: number | undefined;
  const child: GroupChild = spawnGroup(spec.command, spec.args, { logFile, env: spec.env, cwd: spec.cwd });
  const fail = (reason: string): ComponentStartError =>
    new ComponentStartError(spec.name, reason, logFile, logTail(logFile, from));
  return {
    spec,
    pid: child.pid,
    logFile,
    exited: child.exited,
    hasExited: () => child.hasExited(),
    readyMs: () => readyMs,
    stop: () => child.stop(),
    async ready(signal) {
      const deadline = Date.now() + spec.startTimeoutMs;
      while (!signal.aborted) {
        if (child.hasExited()) throw fail("the process exited during start-up");
        if (await spec.healthy()) {
          readyMs = Date.now() - spawnedAt;
          return;
        }
        if (Date.now() > deadline) throw fail(`not healthy after ${spec.startTimeoutMs / 1000} s`);
        await sleep(100);
      }
    },
  };
}
