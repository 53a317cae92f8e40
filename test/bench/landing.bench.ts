/**
 * `npm run bench:landing` (issue #7). Part 1: 10,000 BlobCreated deliveries (200 partitions × 50 files,
 * each twice, shuffled) to the product's Event Grid function on the local host (built app, one event per
 * request, 50 concurrent), then counting the pipelines StartLandingPipeline started once every quiet
 * window (2 min, the churn sidecar's local trigger) has passed. The pipeline itself is a stand-in
 * (landing-bench-app.ts): this measures ingress and debounce. Part 2: runs/get calls to watch a
 * 60-minute job, polling only and with callbacks (run-watch-cost.ts). Prints Markdown for docs/benchmarks.md.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { findRepoRoot, spawnBenchHost, type BenchHost } from "./bench-host.js";
import { FILES_PER_PARTITION, landingEvents, PARTITIONS } from "./landing-events.js";
import { runLoad } from "./load.js";
import { watchCost } from "./run-watch-cost.js";

const CONCURRENCY = 50;
// A smaller run for a quick look (LANDING_BENCH_PARTITIONS=20); the issue's figure uses 200.
const partitions = Number(process.env.LANDING_BENCH_PARTITIONS ?? PARTITIONS);
const QUIET_WINDOW_MS = 120_000;
const SETTLE_MS = 45_000; // after the last quiet window: any late or duplicate start would show by then

function writeApp(dir: string, root: string): string {
  const app = join(dir, "app");
  mkdirSync(join(app, "functions"), { recursive: true });
  const hostJson = {
    version: "2.0",
    logging: { logLevel: { default: "Warning" } },
    extensions: { durableTask: { hubName: "LandingBenchHub" } },
  };
  writeFileSync(join(app, "host.json"), JSON.stringify(hostJson));
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ private: true, type: "module", main: "functions/*.js" }),
  );
  const module = pathToFileURL(join(root, "dist", "test", "bench", "landing-bench-app.js")).href;
  writeFileSync(join(app, "functions", "app.js"), `import ${JSON.stringify(module)};\n`);
  return app;
}

async function countInstances(host: BenchHost, prefix: string): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  let token: string | null = null;
  do {
    const res: Response = await fetch(
      `${host.url}/durabletask/instances/?instanceIdPrefix=${prefix}&top=1000&showInput=false`,
      {
        headers: token ? { "x-ms-continuation-token": token } : {},
      },
    );
    for (const s of (await res.json()) as { instanceId: string; runtimeStatus: string }[])
      seen.set(s.instanceId, s.runtimeStatus);
    token = res.headers.get("x-ms-continuation-token");
  } while (token);
  return seen;
}

async function main() {
  const root = findRepoRoot();
  const dir = mkdtempSync(join(tmpdir(), "bench-landing-"));
  const host = await spawnBenchHost(root, writeApp(dir, root), join(dir, "data"));
  try {
    const keys = JSON.parse(readFileSync(join(dir, "data", "keys.json"), "utf8")) as {
      systemKeys: { eventgrid_extension: string };
    };
    const url = `${host.url}/runtime/webhooks/eventgrid?functionName=storageEvents&code=${keys.systemKeys.eventgrid_extension}`;
    const headers = { "content-type": "application/json", "aeg-event-type": "Notification" };
    const deliveries = landingEvents(partitions).map((body) => ({ headers, body }));
    const load = await runLoad(url, deliveries, CONCURRENCY);
    const ingressEnd = Date.now();
    console.error(`ingress done: ${load.perSecond.toFixed(0)} events/s; waiting for the quiet windows`);
    let firstFull = Number.NaN;
    let pipelines = new Map<string, string>();
    while (Date.now() < ingressEnd + QUIET_WINDOW_MS + SETTLE_MS) {
      await new Promise((r) => setTimeout(r, 2_000));
      pipelines = await countInstances(host, "tr-");
      if (pipelines.size >= partitions && Number.isNaN(firstFull)) firstFull = Date.now();
    }
    const debounces = await countInstances(host, "land-");
    const polling = await watchCost(false);
    const callbacks = await watchCost(true);
    const ok = (load.statuses[202] ?? 0) === deliveries.length;
    console.log(`## Landing ingress and debounce (${new Date().toISOString().slice(0, 10)})

| measure | value |
|---|---|
| deliveries: ${partitions * FILES_PER_PARTITION} events (${partitions} partitions × ${FILES_PER_PARTITION} files), each twice, shuffled, 1 event per request, ${CONCURRENCY} concurrent | ${deliveries.length} (${ok ? "all 202" : JSON.stringify(load.statuses)}) |
| ingress throughput | ${load.perSecond.toFixed(0)} events/s over ${load.seconds.toFixed(1)} s |
| delivery latency p50 / p99 | ${load.p50.toFixed(1)} / ${load.p99.toFixed(1)} ms |
| debounce instances | ${debounces.size} |
| pipelines started (StartLandingPipeline) | ${pipelines.size} (expected ${partitions}); all ${partitions} by ${((firstFull - ingressEnd) / 1000).toFixed(0)} s after the last delivery (quiet window ${QUIET_WINDOW_MS / 1000} s) |

## Watching a 60-minute job (virtual clock)

| mode | runs/get by runJob | runs/get by the callback | end seen after | outcome |
|---|---|---|---|---|
${[polling, callbacks].map((c) => `| ${c.mode} | ${c.watcherGets} | ${c.confirmGets} | ${c.seenAfterSeconds.toFixed(0)} s | ${c.outcome} |`).join("\n")}`);
    if (!ok || pipelines.size !== partitions) process.exitCode = 1;
  } finally {
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
