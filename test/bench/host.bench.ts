/**
 * `npm run bench:host` — throughput, latency, memory and replay cost of the local host's durable engine
 * (issue #2). The host runs as a child process (so its peak RSS is its own) with the durable fixture app.
 * Latencies come from the engine's own timestamps (createdTime → lastUpdatedTime of the completed
 * instance), so polling does not skew them. Results are printed as Markdown for docs/benchmarks.md.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { findRepoRoot, spawnBenchHost, type BenchHost } from "./bench-host.js";
import { replayCost } from "./replay-cost.js";

interface Status {
  instanceId: string;
  runtimeStatus: string;
  createdTime: string;
  lastUpdatedTime: string;
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function startAll(
  host: BenchHost,
  name: string,
  ids: string[],
  input: unknown,
  parallel = 50,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const id = ids[next++] ?? "";
      const res = await fetch(`${host.url}/durabletask/orchestrators/${name}/${id}`, {
        method: "POST",
        body: JSON.stringify(input),
      });
      if (res.status !== 202) throw new Error(`start ${id}: ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

async function completed(host: BenchHost, prefix: string, count: number): Promise<Status[]> {
  for (;;) {
    const all: Status[] = [];
    let token: string | null = null;
    do {
      const res: Response = await fetch(
        `${host.url}/durabletask/instances/?instanceIdPrefix=${prefix}&top=1000&showInput=false`,
        {
          headers: token ? { "x-ms-continuation-token": token } : {},
        },
      );
      all.push(...((await res.json()) as Status[]));
      token = res.headers.get("x-ms-continuation-token");
    } while (token);
    const failed = all.filter((s) => s.runtimeStatus === "Failed");
    if (failed.length) throw new Error(`${failed.length} instances failed`);
    const done = all.filter((s) => s.runtimeStatus === "Completed");
    if (done.length === count) return done;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function scenario(
  host: BenchHost,
  label: string,
  name: string,
  count: number,
  input: unknown,
  activitiesEach: number,
) {
  const prefix = `${label}-`;
  const ids = Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  const t0 = performance.now();
  await startAll(host, name, ids, input);
  const done = await completed(host, prefix, count);
  const seconds = (performance.now() - t0) / 1000;
  const latencies = done
    .map((s) => Date.parse(s.lastUpdatedTime) - Date.parse(s.createdTime))
    .sort((a, b) => a - b);
  return {
    label,
    instances: count,
    seconds,
    instancesPerSec: count / seconds,
    activitiesPerSec: (count * activitiesEach) / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/** Open-loop arrivals: `rate` chains per second for `seconds`, each started on schedule whatever the host does. */
async function steady(host: BenchHost, rate: number, seconds: number) {
  const prefix = `steady${rate}-`;
  const count = rate * seconds;
  const t0 = performance.now();
  const starts: Promise<Response>[] = [];
  for (let i = 0; i < count; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    starts.push(fetch(`${host.url}/durabletask/orchestrators/Chain/${prefix}${i}`, { method: "POST", body: "5" }));
  }
  for (const s of await Promise.all(starts)) if (s.status !== 202) throw new Error(`start failed: ${s.status}`);
  const done = await completed(host, prefix, count);
  const latencies = done.map((s) => Date.parse(s.lastUpdatedTime) - Date.parse(s.createdTime)).sort((a, b) => a - b);
  return { rate, count, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function main(): Promise<void> {
  const root = findRepoRoot();
  const data = mkdtempSync(join(tmpdir(), "bench-host-"));
  const host = await spawnBenchHost(root, join(root, "test", "fixtures", "durable-app"), join(data, "host"));
  try {
    const chain = await scenario(host, "chain", "Chain", 1000, 5, 5);
    const fan = await scenario(host, "fan", "FanOut", 100, 50, 50);
    const steadyRuns = [await steady(host, 50, 20), await steady(host, 100, 10)];
    const rss = peakRssMb(host.pid);
    const replay = await replayCost(root, [10, 100, 1000]);
    const row = (r: typeof chain): string =>
      `| ${r.label === "chain" ? "1,000 × 5-activity chain" : "100 × 50-way fan-out"} | ${r.seconds.toFixed(1)} s | ` +
      `${r.instancesPerSec.toFixed(0)} | ${r.activitiesPerSec.toFixed(0)} | ${r.p50} ms | ${r.p99} ms |`;
    console.log(
      `\n## Local host (\`npm run bench:host\`), ${new Date().toISOString().slice(0, 10)}, Node ${process.version}\n`,
    );
    console.log("| scenario | wall time | instances/s | activity executions/s | p50 latency | p99 latency |");
    console.log("|---|---|---|---|---|---|");
    console.log(row(chain));
    console.log(row(fan));
    console.log("\n| steady arrivals of 5-activity chains | instances | activity executions/s offered | p50 latency | p99 latency |");
    console.log("|---|---|---|---|---|");
    for (const r of steadyRuns) console.log(`| ${r.rate}/s | ${r.count} | ${r.rate * 5} | ${r.p50} ms | ${r.p99} ms |`);
    console.log(`\nPeak RSS of the host process over all scenarios: **${rss.toFixed(0)} MB**.\n`);
    console.log("| history events | replay cost per episode | per event |");
    console.log("|---|---|---|");
    for (const r of replay)
      console.log(
        `| ${r.events} | ${r.msPerEpisode.toFixed(3)} ms | ${((r.msPerEpisode * 1000) / r.events).toFixed(2)} µs |`,
      );
  } finally {
    await host.stop();
    rmSync(data, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
