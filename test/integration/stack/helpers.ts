import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePorts as distinctFreePorts } from "../../../local/mlflow/ports.js";
import { portNames, type StackPorts } from "../../../local/stack/ports.js";
import type { StackFile } from "../../../local/stack/state.js";

export const repoRoot = join(import.meta.dirname, "..", "..", "..");
export const cli = join(repoRoot, "dist", "local", "stack", "cli.js");

/** Why the stack cannot run here (the tests skip and say so), or undefined. */
export function missing(): string | undefined {
  const needed = [
    cli,
    join(repoRoot, "dist", "local", "host", "cli.js"),
    join(repoRoot, "node_modules", "azurite", "dist", "src", "azurite.js"),
    join(repoRoot, ".local", "venv", "bin", "mlflow"),
  ];
  const absent = needed.filter((p) => !existsSync(p));
  if (absent.length === 0) return undefined;
  const reason = `missing ${absent.join(", ")} (npm test's pre-hook builds and installs them)`;
  console.warn(`SKIPPING the local stack tests: ${reason}`);
  return reason;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), "stack-test-"));
}

/** A distinct free port per component (see `freePorts` for why they are drawn together). */
export async function freePorts(): Promise<StackPorts> {
  const drawn = await distinctFreePorts(portNames.length);
  return Object.fromEntries(portNames.map((name, i) => [name, drawn[i]])) as unknown as StackPorts;
}

export interface StackProcess {
  child: ChildProcess;
  dataDir: string;
  output(): string;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Runs the compiled `npm start` entry (not `npm start`: its pre-hook would reinstall and rebuild). */
export function spawnStack(dataDir: string, ports: StackPorts, extra: string[] = []): StackProcess {
  const portArgs = portNames.flatMap((name) => ["--port", `${name}=${ports[name]}`]);
  const child = spawn(process.execPath, [cli, "--data", dataDir, ...portArgs, ...extra], {
    cwd: repoRoot,
    env: { ...process.env, INIT_CWD: repoRoot },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, dataDir, output: () => out, exited };
}

/** Waits for stack.json (the stack's "ready"), failing with the output if the stack exits first. */
export async function waitReady(
  stack: StackProcess,
  dataDir: string,
  timeoutMs = 240_000,
): Promise<StackFile> {
  const file = join(dataDir, "stack.json");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stack.child.exitCode !== null)
      throw new Error(`the stack exited with ${stack.child.exitCode}:\n${stack.output()}`);
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as StackFile;
    await sleep(200);
  }
  throw new Error(`the stack was not ready within ${timeoutMs} ms:\n${stack.output()}`);
}

/** SIGINT like Ctrl-C, then the exit code; SIGKILL in case the test fails half-way. */
export async function interrupt(stack: StackProcess): Promise<number | null> {
  if (stack.child.exitCode === null) stack.child.kill("SIGINT");
  return stack.exited;
}

/**
 * SIGKILL for the launcher and, first, for the components stack.json lists: a launcher killed outright
 * cannot stop its children, and they would keep their ports and CPU after the test.
 */
export function kill(stack: StackProcess): void {
  // A launcher that has exited stopped its components itself; their pids may belong to others by now.
  if (stack.child.exitCode !== null || stack.child.signalCode !== null) return;
  for (const pid of componentPids(stack.dataDir)) killGroupOrProcess(pid);
  stack.child.kill("SIGKILL");
}

function componentPids(dataDir: string): number[] {
  try {
    const file = JSON.parse(readFileSync(join(dataDir, "stack.json"), "utf8")) as StackFile;
    return Object.values(file.components).map((c) => c.pid);
  } catch {
    return [];
  }
}

function killGroupOrProcess(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, "SIGKILL");
    } catch {
      // Already gone, or not a group leader: the other target covers it.
    }
  }
}

/** Whether any process of the group led by `pid` is still alive. */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/** Whether something accepts HTTP on the URL. */
export async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.body?.cancel();
    return true;
  } catch {
    return false;
  }
}
