/**
 * `npm run bench:ingress` (issue #6). Part 1: 500 signed deliveries, 50 concurrent, to the webhook
 * function on the local host (the built app, test/fixtures/github-app) and to a bare Node server that
 * only verifies the signature, from the same client (ingress-client.ts; fetch rows for comparison);
 * the throughput ratio and the host's p99 are the figures, CPU per request says who was the limit.
 * Part 2 (skipped with `-- --ingress-only`): 20 pushes to one target within 10 s through the
 * DeployCommit lease (lease-bench-app.ts), counting deploys in flight. Prints Markdown for
 * docs/benchmarks.md.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findRepoRoot, spawnBenchHost } from "./bench-host.js";
import { BURST_DURING_DEPLOY, coalescingRun, EVEN_BURST } from "./coalesce.js";
import { EXAMPLE_REPOSITORY } from "./ingress-deliveries.js";
import { ingressRows, ingressTable, ratios, SECRET, type Measured, type Server } from "./ingress-run.js";

const CONCURRENCY = 50;

async function startBare(root: string): Promise<Server & { stop: () => Promise<void> }> {
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
  const stop = async () => (child.kill("SIGTERM"), await exited);
  return { name: "bare server", url, pid: child.pid ?? -1, stop };
}

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
  let rows: Measured[];
  try {
    const webhook = {
      name: "webhook on the local host",
      url: `${host.url}/api/github/webhook`,
      pid: host.pid,
    };
    rows = await ingressRows(bare, webhook, CONCURRENCY);
  } finally {
    await host.stop();
    await bare.stop();
  }
  const coalescing = process.argv.includes("--ingress-only")
    ? []
    : [
        await coalescingRun(root, join(data, "lease-even"), EVEN_BURST),
        await coalescingRun(root, join(data, "lease-during"), BURST_DURING_DEPLOY),
      ];
  rmSync(data, { recursive: true, force: true });

  console.log(
    `\n## GitHub ingress (\`npm run bench:ingress\`), ${new Date().toISOString().slice(0, 10)}, Node ${process.version}\n`,
  );
  console.log(
    `500 signed deliveries per row (after 100 warm-up), closed loop. CPU per request from /proc (user + system).\n`,
  );
  console.log(ingressTable(rows));
  for (const line of ratios(rows, CONCURRENCY)) console.log(`\n${line}`);
  if (coalescing.length === 0) return;
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
