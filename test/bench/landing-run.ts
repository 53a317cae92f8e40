/**
 * One ingress run of `npm run bench:landing`: a fresh local host with the landing functions, the
 * shuffled deliveries sent the way Event Grid sends them to the `storageEvents` Event Grid trigger, then
 * the pipelines counted once every quiet window has passed.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { spawnBenchHost, type BenchHost } from "./bench-host.js";
import { runLoad, type LoadResult } from "./load.js";

export interface DeliveryMode {
  readonly label: string;
  /** Events per request: 1 without batching, else the subscription's maxEventsPerBatch. */
  readonly batch: number;
  readonly concurrency: number;
}

export interface LandingRun {
  readonly mode: DeliveryMode;
  readonly requests: number;
  readonly load: LoadResult;
  readonly eventsPerSecond: number;
  readonly allAccepted: boolean;
  readonly debounces: number;
  readonly pipelines: number;
  /** Distinct files across the pipelines' batches (each file should be in exactly one). */
  readonly filesInPipelines: number;
  /** Seconds after the last delivery when the expected number of pipelines had started (NaN: never). */
  readonly allStartedAfter: number;
}

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

/** Files handed to the pipelines (`tr-` instances' input), counted once per path. */
async function pipelineFiles(host: BenchHost): Promise<number> {
  const paths = new Set<string>();
  let token: string | null = null;
  do {
    const res: Response = await fetch(`${host.url}/durabletask/instances/?instanceIdPrefix=tr-&top=1000`, {
      headers: token ? { "x-ms-continuation-token": token } : {},
    });
    for (const s of (await res.json()) as { input: { batch: { files: { path: string }[] } } }[])
      for (const f of s.input.batch.files) paths.add(f.path);
    token = res.headers.get("x-ms-continuation-token");
  } while (token);
  return paths.size;
}

export async function countInstances(host: BenchHost, prefix: string): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  let token: string | null = null;
  do {
    const res: Response = await fetch(
      `${host.url}/durabletask/instances/?instanceIdPrefix=${prefix}&top=1000&showInput=false`,
      { headers: token ? { "x-ms-continuation-token": token } : {} },
    );
    for (const s of (await res.json()) as { instanceId: string; runtimeStatus: string }[])
      seen.set(s.instanceId, s.runtimeStatus);
    token = res.headers.get("x-ms-continuation-token");
  } while (token);
  return seen;
}

/** Event Grid schema batches are JSON arrays; a delivery without batching is an array of one. */
function requests(bodies: readonly string[], batch: number): string[] {
  const events = bodies.map((b) => (JSON.parse(b) as unknown[])[0]);
  const out: string[] = [];
  for (let i = 0; i < events.length; i += batch) out.push(JSON.stringify(events.slice(i, i + batch)));
  return out;
}

export async function runLanding(
  root: string,
  bodies: readonly string[],
  mode: DeliveryMode,
  expected: number,
  waitMs: number,
): Promise<LandingRun> {
  const dir = mkdtempSync(join(tmpdir(), "bench-landing-"));
  const host = await spawnBenchHost(root, writeApp(dir, root), join(dir, "data"));
  try {
    const keys = JSON.parse(readFileSync(join(dir, "data", "keys.json"), "utf8")) as {
      systemKeys: { eventgrid_extension: string };
    };
    const url = `${host.url}/runtime/webhooks/eventgrid?functionName=storageEvents&code=${keys.systemKeys.eventgrid_extension}`;
    const headers = { "content-type": "application/json", "aeg-event-type": "Notification" };
    const deliveries = requests(bodies, mode.batch).map((body) => ({ headers, body }));
    const load = await runLoad(url, deliveries, mode.concurrency);
    const ingressEnd = Date.now();
    console.error(
      `${mode.label}: ${(bodies.length / load.seconds).toFixed(0)} events/s; waiting for the quiet windows`,
    );
    let allStartedAfter = Number.NaN;
    let pipelines = new Map<string, string>();
    while (Date.now() < ingressEnd + waitMs) {
      await new Promise((r) => setTimeout(r, 2_000));
      pipelines = await countInstances(host, "tr-");
      if (pipelines.size >= expected && Number.isNaN(allStartedAfter))
        allStartedAfter = (Date.now() - ingressEnd) / 1000;
    }
    return {
      mode,
      requests: deliveries.length,
      load,
      eventsPerSecond: bodies.length / load.seconds,
      allAccepted: (load.statuses[202] ?? 0) === deliveries.length,
      debounces: (await countInstances(host, "land-")).size,
      pipelines: pipelines.size,
      filesInPipelines: await pipelineFiles(host),
      allStartedAfter,
    };
  } finally {
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
