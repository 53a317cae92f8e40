import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { PUSH_SETTLE_MS } from "../../shared/pipelines/deploy-on-push/deploy-commit.orchestrator.js";
import { spawnBenchHost, type BenchHost } from "./bench-host.js";

const PUSHES = 20;

/** When each push arrives (ms from the first) and how long the fake deploy takes. */
export interface CoalescingScenario {
  readonly label: string;
  readonly offsetsMs: readonly number[];
  readonly deployMs: number;
}

/** 20 pushes 450 ms apart (8.6 s); the fake deploy takes 2 s. */
export const EVEN_BURST: CoalescingScenario = {
  label: "20 pushes, 450 ms apart",
  offsetsMs: Array.from({ length: PUSHES }, (_, i) => i * 450),
  deployMs: 2_000,
};

/** One push, then 19 more 230 ms apart from 5.5 s on, while the first one's 4 s deploy runs. */
export const BURST_DURING_DEPLOY: CoalescingScenario = {
  label: "1 push, then 19 pushes 230 ms apart during its deploy",
  offsetsMs: [0, ...Array.from({ length: PUSHES - 1 }, (_, i) => 5_500 + i * 230)],
  deployMs: 4_000,
};

export interface CoalescingResult {
  readonly label: string;
  readonly pushes: number;
  readonly spanMs: number;
  readonly deployMs: number;
  readonly settleMs: number;
  readonly deploys: number;
  readonly maxInFlight: number;
  readonly superseded: number;
  readonly deployedShas: readonly number[];
  readonly wallMs: number;
}

/** A throwaway app folder whose only function file loads the built lease-bench-app module. */
function writeApp(dir: string, root: string): string {
  const app = join(dir, "app");
  mkdirSync(join(app, "functions"), { recursive: true });
  const hostJson = {
    version: "2.0",
    logging: { logLevel: { default: "Warning" } },
    extensions: { durableTask: { hubName: "LeaseBenchHub" } },
  };
  writeFileSync(join(app, "host.json"), JSON.stringify(hostJson));
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ private: true, type: "module", main: "functions/*.js" }),
  );
  const module = pathToFileURL(join(root, "dist", "test", "bench", "lease-bench-app.js")).href;
  writeFileSync(join(app, "functions", "app.js"), `import ${JSON.stringify(module)};\n`);
  return app;
}

const shaOf = (n: number) => n.toString(16).padStart(40, "0");

async function outcomes(host: BenchHost): Promise<string[] | undefined> {
  const all = await Promise.all(
    Array.from({ length: PUSHES }, async (_, i) => {
      const res = await fetch(`${host.url}/durabletask/instances/push-${i + 1}`);
      return (await res.json()) as { runtimeStatus: string; output?: { kind?: string } };
    }),
  );
  if (all.some((s) => s.runtimeStatus === "Failed")) throw new Error("a DeployCommit instance failed");
  return all.every((s) => s.runtimeStatus === "Completed")
    ? all.map((s) => s.output?.kind ?? "?")
    : undefined;
}

/** Most deploys running at once, from the journal's start/end lines. */
function inFlight(journal: string): { max: number; deployed: number[] } {
  const events = journal
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split(" "))
    .map(([kind, at, sha]) => ({ kind, at: Number(at), sha: parseInt(sha ?? "", 16) }))
    .sort((a, b) => a.at - b.at || (a.kind === "end" ? -1 : 1));
  let current = 0;
  let max = 0;
  for (const e of events) {
    current += e.kind === "start" ? 1 : -1;
    max = Math.max(max, current);
  }
  return { max, deployed: events.filter((e) => e.kind === "start").map((e) => e.sha) };
}

/**
 * 20 pushes of one bundle to one target within 10 s, each a DeployCommit with
 * `coalesce: true` started on the local durable engine, as DeployOnPush starts them.
 */
export async function coalescingRun(
  root: string,
  dir: string,
  scenario: CoalescingScenario,
): Promise<CoalescingResult> {
  mkdirSync(dir, { recursive: true });
  const journal = join(dir, "deploys.log");
  writeFileSync(journal, "");
  process.env.LEASE_BENCH_JOURNAL = journal;
  process.env.LEASE_BENCH_DEPLOY_MS = String(scenario.deployMs);
  const host = await spawnBenchHost(root, writeApp(dir, root), join(dir, "host"));
  try {
    const t0 = performance.now();
    for (let i = 1; i <= PUSHES; i++) {
      const input = {
        repository: "acme/ml",
        installationId: 1,
        sha: shaOf(i),
        bundle: "churn",
        target: "staging",
        requestedBy: "bench",
        reason: "push",
        coalesce: true,
        deliveryId: `bench-${i}`,
        receivedAt: new Date().toISOString(),
      };
      const res = await fetch(`${host.url}/durabletask/orchestrators/DeployCommit/push-${i}`, {
        method: "POST",
        body: JSON.stringify(input),
      });
      if (res.status !== 202) throw new Error(`start push ${i}: ${res.status} ${await res.text()}`);
      const wait = t0 + (scenario.offsetsMs[i] ?? 0) - performance.now();
      if (i < PUSHES && wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const spanMs = performance.now() - t0;
    let kinds: string[] | undefined;
    while ((kinds = await outcomes(host)) === undefined) {
      if (performance.now() - t0 > 180_000)
        throw new Error("DeployCommit instances did not finish within 3 minutes");
      await new Promise((r) => setTimeout(r, 250));
    }
    const wallMs = performance.now() - t0;
    const flight = inFlight(readFileSync(journal, "utf8"));
    return {
      label: scenario.label,
      pushes: PUSHES,
      spanMs,
      deployMs: scenario.deployMs,
      settleMs: PUSH_SETTLE_MS,
      deploys: flight.deployed.length,
      maxInFlight: flight.max,
      superseded: kinds.filter((k) => k === "superseded").length,
      deployedShas: flight.deployed,
      wallMs,
    };
  } finally {
    await host.stop();
  }
}
