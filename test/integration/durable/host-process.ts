import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const fixtureApp = join(repoRoot, "test", "fixtures", "durable-app");
const cli = join(repoRoot, "dist", "local", "host", "cli.js");

export interface HostProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** SIGKILL: no shutdown code runs, exactly like a crashed worker. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Runs the built local host (`npm run host`) as a child process on a free port. */
export async function spawnHost(
  app: string,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<HostProcess> {
  if (!existsSync(cli))
    throw new Error(`${cli} is missing: run "npm run build" (npm test does it in its pre-hook)`);
  const child = spawn(process.execPath, [cli, "--app", app, "--port", "0", "--data", dataDir], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${log}`)), 30_000);
    const check = (): void => {
      const m = /Host started on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${log}`));
    });
  });
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { url, child, output: () => log, kill9: () => end("SIGKILL"), stop: () => end("SIGTERM") };
}

export async function poll<T>(
  fn: () => Promise<T | undefined> | T | undefined,
  what: string,
  attempts = 400,
): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}
