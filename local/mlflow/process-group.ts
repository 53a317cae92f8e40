import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";

/** A child process that leads its own process group, so that its workers can be stopped with it. */
export interface GroupChild {
  readonly pid: number;
  /** Resolves when the group leader has exited. */
  readonly exited: Promise<void>;
  hasExited(): boolean;
  /** SIGTERM to the whole group, then SIGKILL after `graceMs`; safe to call more than once. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts `command` detached (its own process group) with stdout and stderr appended to `logFile`. */
export function spawnGroup(
  command: string,
  args: string[],
  options: { logFile: string; env: NodeJS.ProcessEnv; cwd: string },
): GroupChild {
  const log = openSync(options.logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: process.platform !== "win32",
      stdio: ["ignore", log, log],
    });
  } finally {
    closeSync(log); // the child holds its own copy
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${command}`);
  let done = false;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", () => resolve());
  }).then(() => {
    done = true;
  });
  // Last line of defence: if this Node process exits without calling stop(), take the group down with it.
  const onExit = (): void => signalGroup(pid, "SIGKILL");
  process.once("exit", onExit);
  let stopping: Promise<void> | undefined;
  return {
    pid,
    exited,
    hasExited: () => done,
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        signalGroup(pid, "SIGTERM");
        const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), graceMs).unref());
        if ((await Promise.race([exited, timer])) === "timeout") signalGroup(pid, "SIGKILL");
        await exited;
        // Workers that ignored SIGTERM while the leader exited still share the group id.
        signalGroup(pid, "SIGKILL");
        process.removeListener("exit", onExit);
      })();
      return stopping;
    },
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(process.platform === "win32" ? pid : -pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
  }
}
