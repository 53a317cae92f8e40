/**
 * `npm run bench:bundle` (issue #4): a synthetic bundle of 500 files and 30 jobs deployed to the workspace
 * emulator — first deploy, unchanged redeploy, one changed file, one changed job. For each: API calls
 * (all, and writes), bytes of file content uploaded, peak uploads in flight, wall time. Printed as
 * Markdown for docs/benchmarks.md.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { startEmulator } from "../../local/databricks/index.js";
import { nodeSource } from "../../shared/bundles/cli/node-source.js";
import {
  deployBundle,
  memorySnapshotStore,
  nodeTree,
  type DeployDeps,
} from "../../shared/bundles/deploy/index.js";
import { prepareSchema } from "../../shared/bundles/index.js";
import { createDatabricksClient, patAuth } from "../../shared/databricks/index.js";

const JOBS = 30;
const PY_FILES = 499; // + databricks.yml = 500 files

interface Meter {
  calls: number;
  writes: number;
  uploadBytes: number;
  uploads: number;
  inFlight: number;
  peak: number;
}

const meter = (): Meter => ({ calls: 0, writes: 0, uploadBytes: 0, uploads: 0, inFlight: 0, peak: 0 });

function bundleYml(jobName: (i: number) => string): string {
  const jobs = [...Array(JOBS).keys()].map(
    (i) =>
      `    job_${i}:\n      name: ${jobName(i)}\n      tasks:\n        - task_key: main\n          spark_python_task:\n            python_file: ./src/pkg${i % 20}/mod${i % 25}.py\n`,
  );
  return `bundle:\n  name: bench\nresources:\n  jobs:\n${jobs.join("")}`;
}

function writeBundle(dir: string): void {
  writeFileSync(
    join(dir, "databricks.yml"),
    bundleYml((i) => `bench-${i}`),
  );
  for (let i = 0; i < PY_FILES; i++) {
    const file = join(dir, "src", `pkg${i % 20}`, `mod${Math.floor(i / 20)}.py`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `# module ${i}\n${"x = 1\n".repeat(300)}`);
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "bench-bundle-emu-"));
  const dir = mkdtempSync(join(tmpdir(), "bench-bundle-src-"));
  const emu = await startEmulator({ dataDir, python: "python3" });
  let m = meter();
  const counted: typeof fetch = async (url, init) => {
    const path = new URL(typeof url === "string" ? url : url instanceof URL ? url.href : url.url).pathname;
    m.calls++;
    if ((init?.method ?? "GET") !== "GET") m.writes++;
    const upload = path.includes("/workspace-files/import-file/") && path.includes("/files/");
    if (upload) {
      m.uploads++;
      m.uploadBytes += init?.body instanceof Uint8Array ? init.body.byteLength : 0;
      m.peak = Math.max(m.peak, ++m.inFlight);
    }
    try {
      return await fetch(url, init);
    } finally {
      if (upload) m.inFlight--;
    }
  };
  try {
    writeBundle(dir);
    // The client's rate limiter is off: it throttles on purpose; this measures the engine.
    const client = createDatabricksClient({
      host: emu.url,
      auth: patAuth(emu.token),
      rateLimit: false,
      fetch: counted,
    });
    const store = memorySnapshotStore("/Workspace/Users/developer@example.com/.bundle/bench/default/files");
    const deps: DeployDeps = {
      client,
      snapshots: () => store,
      now: () => new Date(),
      newId: randomUUID,
      cliVersion: "bench",
    };
    const input = { source: nodeSource(dir), tree: nodeTree(dir), schema: prepareSchema({}) };
    const rows: string[] = [];
    const scenario = async (name: string, change: () => void): Promise<void> => {
      change();
      m = meter();
      const t0 = performance.now();
      const r = await deployBundle(deps, input);
      const ms = performance.now() - t0;
      if (r.kind !== "deployed")
        throw new Error(`${name}: ${r.kind} ${r.kind === "failed" ? (r.error?.message ?? "") : ""}`);
      const resources = r.applied.map((a) => a.action).join(", ") || "none";
      rows.push(
        `| ${name} | ${m.calls} | ${m.writes} | ${m.uploads} | ${(m.uploadBytes / 1024).toFixed(0)} KiB | ${m.peak} | ${resources.length > 40 ? `${r.applied.length} ${r.applied[0]?.action ?? ""}` : resources} | ${ms.toFixed(0)} ms |`,
      );
    };
    await scenario("first deploy", () => undefined);
    await scenario("unchanged redeploy", () => undefined);
    await scenario("one changed file", () =>
      writeFileSync(join(dir, "src", "pkg3", "mod7.py"), "# changed\n"),
    );
    await scenario("one changed job", () =>
      writeFileSync(
        join(dir, "databricks.yml"),
        bundleYml((i) => (i === 5 ? "bench-5-renamed" : `bench-${i}`)),
      ),
    );
    process.stdout.write(
      `Synthetic bundle: ${PY_FILES + 1} files (${JOBS} jobs), emulator on loopback, ${new Date().toISOString()}\n\n`,
    );
    process.stdout.write(
      "| scenario | API calls | writes | files uploaded | bytes uploaded | peak uploads in flight | resource changes | wall time |\n|---|---|---|---|---|---|---|---|\n",
    );
    process.stdout.write(`${rows.join("\n")}\n`);
  } finally {
    await emu.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
