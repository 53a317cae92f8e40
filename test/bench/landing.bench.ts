/**
 * `npm run bench:landing` (issue #7). Part 1: 10,000 BlobCreated events (200 partitions × 50 files, each
 * delivered twice, shuffled: 20,000 deliveries) to the product's Event Grid trigger `storageEvents` on the
 * local host (built app, stand-in pipeline: landing-bench-app.ts), in two ways Event Grid really delivers
 * to a function endpoint: without batching (one event per request) and with batching enabled on the
 * subscription (maxEventsPerBatch, arrays; the host invokes the function once per event, concurrently).
 * Pipelines are counted once every quiet window (2 min, the churn sidecar's local trigger) has passed.
 * Part 2: runs/get calls to watch a 60-minute job (run-watch-cost.ts). Prints Markdown for docs/benchmarks.md.
 *
 * LANDING_BENCH_PARTITIONS=20 for a quick look; LANDING_BENCH_MODES=batched to run one mode only.
 */
import { findRepoRoot } from "./bench-host.js";
import { FILES_PER_PARTITION, landingEvents, PARTITIONS } from "./landing-events.js";
import { runLanding, type DeliveryMode, type LandingRun } from "./landing-run.js";
import { watchCost } from "./run-watch-cost.js";

const partitions = Number(process.env.LANDING_BENCH_PARTITIONS ?? PARTITIONS);
const QUIET_WINDOW_MS = 120_000;
const SETTLE_MS = 45_000; // after the last quiet window: any late or duplicate start would show by then
const MODES: DeliveryMode[] = [
  { label: "single", batch: 1, concurrency: 50 },
  // maxEventsPerBatch 1,000 with preferredBatchSizeInKilobytes 1,024: these ~0.9 KB events fill 1,000.
  { label: "batched", batch: 1000, concurrency: 4 },
];
const wanted = (process.env.LANDING_BENCH_MODES ?? "single,batched").split(",");

const row = (r: LandingRun) =>
  `| ${r.mode.label === "single" ? "no batching: 1 event per request" : `batching: ${r.mode.batch} events per request`}, ${r.mode.concurrency} in flight | ${r.requests} requests (${r.allAccepted ? "all 202" : JSON.stringify(r.load.statuses)}) | ${r.eventsPerSecond.toFixed(0)} events/s over ${r.load.seconds.toFixed(1)} s | ${r.load.p50.toFixed(0)} / ${r.load.p99.toFixed(0)} ms | ${r.debounces} | ${r.pipelines} (expected ${partitions}) carrying ${r.filesInPipelines} files (expected ${partitions * FILES_PER_PARTITION}); all by ${r.allStartedAfter.toFixed(0)} s after the last delivery |`;

async function main() {
  const root = findRepoRoot();
  const bodies = landingEvents(partitions);
  const runs: LandingRun[] = [];
  for (const mode of MODES.filter((m) => wanted.includes(m.label)))
    runs.push(await runLanding(root, bodies, mode, partitions, QUIET_WINDOW_MS + SETTLE_MS));
  const polling = await watchCost(false);
  const callbacks = await watchCost(true);
  console.log(`## Landing ingress and debounce (${new Date().toISOString().slice(0, 10)})

${partitions * FILES_PER_PARTITION} events (${partitions} partitions × ${FILES_PER_PARTITION} files), each delivered twice, shuffled: ${bodies.length} events to the Event Grid trigger.

| delivery | requests | ingress | request p50 / p99 | debounce instances | pipelines started |
|---|---|---|---|---|---|
${runs.map(row).join("\n")}

## Watching a 60-minute job (virtual clock)

| mode | runs/get by runJob | runs/get by the callback | end seen after | outcome |
|---|---|---|---|---|
${[polling, callbacks].map((c) => `| ${c.mode} | ${c.watcherGets} | ${c.confirmGets} | ${c.seenAfterSeconds.toFixed(0)} s | ${c.outcome} |`).join("\n")}`);
  const files = partitions * FILES_PER_PARTITION;
  if (runs.some((r) => !r.allAccepted || r.pipelines !== partitions || r.filesInPipelines !== files))
    process.exitCode = 1;
}

await main();
