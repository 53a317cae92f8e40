/**
 * `npm run bench:start` (issue #5): how long `npm start` takes from launch to ready (stack.json written, every
 * component healthy), on first start (empty state: MLflow creates its database) and warm (state and disk
 * cache in place), and how long Ctrl-C takes to stop everything. Runs the compiled launcher on free ports
 * with a temporary data folder, so it never touches a running stack. Prints Markdown for docs/benchmarks.md.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { freePort } from "../../local/mlflow/ports.js";
import { portNames } from "../../local/stack/ports.js";
import type { StackFile } from "../../local/stack/state.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const cli = join(root, "dist", "local", "stack", "cli.js");
const warmRuns = Number(process.env.BENCH_START_RUNS ?? 3);

interface Sample {
  readyMs: number;
  stopMs: number;
  components: Record<string, number>;
}

async function once(dataDir: string, portArgs: string[]): Promise<Sample> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [cli, "--data", dataDir, ...portArgs], {
    cwd: root,
    stdio: "ignore",
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const file = join(dataDir, "stack.json");
  while (!existsSync(file)) {
    if (child.exitCode !== null)
      throw new Error(`the stack exited with ${child.exitCode}; logs in ${dataDir}/logs`);
    await sleep(20);
  }
  const readyMs = performance.now() - t0;
  const info = JSON.parse(readFileSync(file, "utf8")) as StackFile;
  const t1 = performance.now();
  child.kill("SIGINT");
  if ((await exited) !== 0) throw new Error("the stack did not exit 0 on SIGINT");
  const components = Object.fromEntries(
    Object.entries(info.components).map(([name, c]) => [name, Number(c.readyMs)]),
  );
  return { readyMs, stopMs: performance.now() - t1, components };
}

const seconds = (ms: number): string => (ms / 1000).toFixed(1);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "bench-start-"));
  const portArgs: string[] = [];
  for (const name of portNames) portArgs.push("--port", `${name}=${await freePort()}`);
  try {
    const samples = [{ label: "first start (empty state)", sample: await once(dataDir, portArgs) }];
    for (let i = 1; i <= warmRuns; i++)
      samples.push({ label: `warm start ${i}`, sample: await once(dataDir, portArgs) });
    const names = Object.keys(samples[0]!.sample.components);
    console.log(`| run | ready (s) | ${names.map((n) => `${n} healthy (s)`).join(" | ")} | stop (s) |`);
    console.log(`|---|---|${names.map(() => "---|").join("")}---|`);
    for (const { label, sample } of samples) {
      const cells = names.map((n) => seconds(sample.components[n] ?? NaN));
      console.log(
        `| ${label} | ${seconds(sample.readyMs)} | ${cells.join(" | ")} | ${seconds(sample.stopMs)} |`,
      );
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
