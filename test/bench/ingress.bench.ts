/**
 * `npm run bench:ingress` (issue #6). Part 1: 500 signed deliveries, 50 concurrent, to the webhook
 * function on the local host (the built app, test/fixtures/github-app) and to a bare Node server that
 * only verifies the signature; the throughput ratio and the host's p99 are the figures. Part 2: 20
 * pushes to one target within 10 s through the DeployCommit lease (lease-bench-app.ts), counting
 * deploys in flight. Prints Markdown for docs/benchmarks.md.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findRepoRoot, spawnBenchHost } from "./bench-host.js";
import { BURST_DURING_DEPLOY, coalescingRun, EVEN_BURST } from "./coalesce.js";
import { EXAMPLE_REPOSITORY, signedDeliveries } from "./ingress-deliveries.js";
import { runLoad, type LoadResult } from "./load.js";

const SECRET = "bench-webhook-secret-0001";
const COUNT = 500;
const CONCURRENCY = 50;

async function startBare(root: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(root, "dist", "test", "bench", "bare-webhook-server.js")], {
    env: { ...process.env, BENCH_WEBHOOK_SECRET: SECRET },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      const m = /listening on (http:\/\/\S+)/.exec(d.toString());
      if (m?.[1]) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  return { url, stop: async () => (child.kill("SIGTERM"), await exited) };
}

/** Warm both sides (JIT, connections), then the measured run. */
async function measure(url: string, kind: "push" | "ping"): Promise<LoadResult> {
  await runLoad(url, signedDeliveries(kind, 100, SECRET), CONCURRENCY);
  return runLoad(url, signedDeliveries(kind, COUNT, SECRET), CONCURRENCY);
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const row = (label: string, r: LoadResult) =>
  `| ${label} | ${r.perSecond.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} | ${Object.entries(r.statuses)
    .map(([s, n]) => `${n}× ${s}`)
    .join(", ")} |`;

async function main(): Promise<void> {
  const root = findRepoRoot();
  const data = mkdtempSync(join(tmpdir(), "bench-ingress-"));
  // The host inherits the environment: the webhook's settings, as local.settings.json would give them.
  process.env.GITHUB_WEBHOOK_SECRET = SECRET;
  process.env.GITHUB_DEPLOY_ROUTING = JSON.stringify({
    repositories: [EXAMPLE_REPOSITORY],
    routes: [{ branch: "main", target: "staging" }],
  });
  process.env.AzureWebJobsStorage = "UseDevelopmentStorage=true";
  const host = await spawnBenchHost(root, join(root, "test", "fixtures", "github-app"), join(data, "host"));
  const bare = await startBare(root);
  const results: [string, LoadResult][] = [];
  try {
    for (const kind of ["push", "ping"] as const) {
      results.push([`bare server, ${kind}`, await measure(bare.url, kind)]);
      results.push([
        `webhook on the local host, ${kind}`,
        await measure(`${host.url}/api/github/webhook`, kind),
      ]);
    }
    // Service time without queueing: one delivery at a time (closed-loop p50 is mostly queue wait).
    for (const [label, url] of [
      ["bare server", bare.url],
      ["webhook on the local host", `${host.url}/api/github/webhook`],
    ] as const) {
      results.push([
        `${label}, push, 1 at a time (200)`,
        await runLoad(url, signedDeliveries("push", 200, SECRET), 1),
      ]);
    }
  } finally {
    await host.stop();
    await bare.stop();
  }
  const coalescing = [
    await coalescingRun(root, join(data, "lease-even"), EVEN_BURST),
    await coalescingRun(root, join(data, "lease-during"), BURST_DURING_DEPLOY),
  ];
  rmSync(data, { recursive: true, force: true });

  console.log(
    `\n## GitHub ingress (\`npm run bench:ingress\`), ${new Date().toISOString().slice(0, 10)}, Node ${process.version}\n`,
  );
  console.log(
    `${COUNT} signed deliveries per row (after 100 warm-up), ${CONCURRENCY} concurrent, closed loop.\n`,
  );
  console.log("| target | req/s | p50 | p99 | answers |");
  console.log("|---|---|---|---|---|");
  for (const [label, r] of results) console.log(row(label, r));
  for (const kind of ["push", "ping"]) {
    const bareRate = results.find(([l]) => l === `bare server, ${kind}`)?.[1].perSecond ?? NaN;
    const hostRate = results.find(([l]) => l === `webhook on the local host, ${kind}`)?.[1].perSecond ?? NaN;
    console.log(`\nRatio host/bare (${kind}): **${(hostRate / bareRate).toFixed(2)}** (target ≥ 0.5).`);
  }
  console.log("\n### 20 pushes to one target within 10 s (DeployCommit lease on the durable engine)\n");
  console.log(
    "| scenario | arrivals span | fake deploy | deploys | max deploys in flight | superseded | deployed pushes | wall time |",
  );
  console.log("|---|---|---|---|---|---|---|---|");
  for (const c of coalescing) {
    console.log(
      `| ${c.label} | ${(c.spanMs / 1000).toFixed(1)} s | ${c.deployMs} ms | ${c.deploys} | ${c.maxInFlight} | ${c.superseded} | ${c.deployedShas.map((n) => `#${n}`).join(", ")} | ${(c.wallMs / 1000).toFixed(1)} s |`,
    );
  }
  console.log(`\nPush settle window: ${coalescing[0]?.settleMs ?? NaN} ms.`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
