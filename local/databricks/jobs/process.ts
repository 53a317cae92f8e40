import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, statSync, writeSync } from "node:fs";

/** A running task process; `kill` ends its whole process group (scripts may spawn children). */
export interface ProcessHandle {
  done: Promise<{ code: number | null; signal: string | null }>;
  kill(): void;
}

export interface SpawnSpec {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** stdout and stderr both go here (the driver log get-output shows). */
  logFile: string;
  /** stderr alone, for error and error_trace. */
  errFile: string;
}

/** Grace between SIGTERM and SIGKILL when cancelling. */
const killGraceMs = 2000;

export function spawnTask(spec: SpawnSpec): ProcessHandle {
  const log = openSync(spec.logFile, "a");
  const err = openSync(spec.errFile, "a");
  // detached: its own process group, so cancel reaches grandchildren too.
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk: Buffer) => appendTo(log, chunk));
  child.stderr.on("data", (chunk: Buffer) => {
    appendTo(log, chunk);
    appendTo(err, chunk);
  });
  const done = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.on("error", (e) => {
      appendTo(err, Buffer.from(`${e.message}\n`));
      resolve({ code: 127, signal: null });
    });
    child.on("close", (code, signal) => resolve({ code, signal }));
  });
  void done.finally(() => {
    closeSync(log);
    closeSync(err);
  });
  let killed = false;
  const kill = (): void => {
    if (killed || child.pid === undefined || child.exitCode !== null) return;
    killed = true;
    signalGroup(child.pid, "SIGTERM");
    const timer = setTimeout(() => signalGroup(child.pid ?? 0, "SIGKILL"), killGraceMs);
    void done.finally(() => clearTimeout(timer));
  };
  return { done, kill };
}

function appendTo(fd: number, chunk: Buffer): void {
  try {
    writeSync(fd, chunk);
  } catch {
    // The log is best effort; a full disk must not crash the emulator.
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** The last `max` bytes of a file, and whether it was cut. */
export function tail(file: string, max: number): { text: string; truncated: boolean } {
  let size = 0;
  try {
    size = statSync(file).size;
  } catch {
    return { text: "", truncated: false };
  }
  const buffer = readFileSync(file);
  return size > max
    ? { text: buffer.subarray(size - max).toString("utf8"), truncated: true }
    : { text: buffer.toString("utf8"), truncated: false };
}
