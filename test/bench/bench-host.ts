import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface BenchHost {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** The repository root, found from this file whether it runs from test/bench or dist/test/bench. */
export function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "host.json")) || !existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("repository root not found");
    dir = up;
  }
  return dir;
}

/** Starts the built local host on a free port; the caller stops it (benchmarks never leave servers behind). */
export async function spawnBenchHost(root: string, app: string, dataDir: string): Promise<BenchHost> {
  const child = spawn(
    process.execPath,
    [join(root, "dist", "local", "host", "cli.js"), "--app", app, "--port", "0", "--data", dataDir],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, FUNCTIONS_HOST_QUIET: "1" },
    },
  );
  let log = "";
  // Keep only the tail: a host that logs a lot must not exhaust the benchmark's memory.
  child.stderr.on("data", (d: Buffer) => (log = (log + d.toString()).slice(-65_536)));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      log += d.toString();
      const m = /Host started on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m?.[1]) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`host exited with ${code}:\n${log}`)));
  });
  // Drop the per-invocation log lines once started; the benchmark reads only the host's answers.
  child.stdout.removeAllListeners("data");
  child.stdout.resume();
  return {
    url,
    pid: child.pid ?? -1,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
