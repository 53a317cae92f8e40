/**
 * `npm run bench:databricks` (issue #3): the Databricks client's overhead per call against a bare fetch
 * to the same loopback endpoint, and the workspace emulator under 200 concurrent trivial runs. Results are
 * printed as Markdown for docs/benchmarks.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import {
  classifyRun,
  createDatabricksClient,
  patAuth,
  type DatabricksClient,
} from "../../shared/databricks/index.js";
import { startEmulator } from "../../local/databricks/index.js";

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const TOKEN = "dapi-bench";

/** A canned jobs/get answer (19-digit ids, as Databricks sends them) from a bare loopback server. */
async function cannedServer(): Promise<{ url: string; close: () => Promise<void> }> {
  // Written as text: a 19-digit id cannot be a JavaScript number literal without losing digits.
  const body =
    '{"job_id":1100000000000000001,"creator_user_name":"developer@example.com","created_time":1764000000000,' +
    '"settings":{"name":"bench","max_concurrent_runs":1,"tasks":[{"task_key":"t","spark_python_task":{"python_file":"/x.py"}}]}}';
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((r) => server.close(() => r())) };
}

async function timeCalls(n: number, call: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await call();
  return (performance.now() - t0) / n;
}

/**
 * Per-call cost of our client vs a bare fetch + JSON parse. The machine is shared, and its load swings
 * within a second, so the two are measured in short paired rounds (50 calls each, order swapped every
 * round) and the ratio is the median of the per-round ratios: both sides of a pair see the same load.
 */
async function clientOverhead(): Promise<{
  bareUs: number;
  clientUs: number;
  ratio: number;
  spread: string;
}> {
  const server = await cannedServer();
  try {
    // The client's rate limiter is switched off: it throttles on purpose and is not overhead.
    const client = createDatabricksClient({ host: server.url, auth: patAuth(TOKEN), rateLimit: false });
    const bare = async (): Promise<unknown> => {
      const res = await fetch(`${server.url}/api/2.2/jobs/get?job_id=1100000000000000001`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      return res.json();
    };
    const typed = (): Promise<unknown> => client.jobs.get("1100000000000000001");
    await timeCalls(300, bare);
    await timeCalls(300, typed);
    const bares: number[] = [];
    const clients: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < 120; round++) {
      const clientFirst = round % 2 === 1;
      const first = await timeCalls(50, clientFirst ? typed : bare);
      const second = await timeCalls(50, clientFirst ? bare : typed);
      const [b, c] = clientFirst ? [second, first] : [first, second];
      bares.push(b);
      clients.push(c);
      ratios.push(c / b);
    }
    const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
    const quantile = (xs: number[], q: number): number => sorted(xs)[Math.floor(q * (xs.length - 1))] ?? NaN;
    return {
      bareUs: quantile(bares, 0.5) * 1000,
      clientUs: quantile(clients, 0.5) * 1000,
      ratio: quantile(ratios, 0.5),
      spread: `${quantile(ratios, 0.25).toFixed(2)}–${quantile(ratios, 0.75).toFixed(2)}`,
    };
  } finally {
    await server.close();
  }
}

async function timed<T>(latencies: number[], call: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await call();
  } finally {
    latencies.push(performance.now() - t0);
  }
}

/** 200 concurrent run-now calls of a trivial Python task, then runs/get until every run is terminal. */
async function emulatorRuns(count: number) {
  const data = mkdtempSync(join(tmpdir(), "bench-databricks-"));
  const emulator = await startEmulator({ dataDir: data, token: TOKEN, log: () => undefined });
  try {
    const client: DatabricksClient = createDatabricksClient({
      host: emulator.url,
      auth: patAuth(TOKEN),
      rateLimit: false,
    });
    const script = join(data, "trivial.py");
    writeFileSync(script, "print('ok')\n");
    const { job_id } = await client.jobs.create({
      name: "bench-trivial",
      max_concurrent_runs: count,
      tasks: [{ task_key: "t", spark_python_task: { python_file: script } }],
    });
    const runNow: number[] = [];
    const getRun: number[] = [];
    const t0 = performance.now();
    const ids = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        timed(runNow, () => client.jobs.runNow({ job_id, idempotency_token: `bench-${i}` })).then(
          (r) => r.run_id,
        ),
      ),
    );
    const outcomes = await Promise.all(
      ids.map(async (id) => {
        for (;;) {
          const run = await timed(getRun, () => client.jobs.getRun(id));
          const outcome = classifyRun(run);
          if (outcome !== "running") return outcome;
          await new Promise((r) => setTimeout(r, 100));
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const all = [...runNow, ...getRun].sort((a, b) => a - b);
    return {
      count,
      succeeded: outcomes.filter((o) => o === "succeeded").length,
      seconds,
      runsPerSec: count / seconds,
      runNowP99: percentile(
        [...runNow].sort((a, b) => a - b),
        99,
      ),
      getRunP99: percentile(
        [...getRun].sort((a, b) => a - b),
        99,
      ),
      apiP50: percentile(all, 50),
      apiP99: percentile(all, 99),
      calls: all.length,
    };
  } finally {
    await emulator.stop();
    rmSync(data, { recursive: true, force: true });
  }
}

/** `--client-only` skips the emulator half, for repeating the overhead measurement quickly. */
async function main(clientOnly: boolean): Promise<void> {
  const overhead = await clientOverhead();
  const runs = clientOnly ? undefined : await emulatorRuns(200);
  console.log(
    `\n## Databricks client and emulator (\`npm run bench:databricks\`), ${new Date().toISOString().slice(0, 10)}, Node ${process.version}\n`,
  );
  console.log(
    "| call | bare fetch + JSON.parse | our client (`jobs.get`) | ratio (median of 120 paired rounds) | ratio, middle half of rounds |",
  );
  console.log("|---|---|---|---|---|");
  console.log(
    `| GET jobs/get, loopback, sequential | ${overhead.bareUs.toFixed(0)} µs | ${overhead.clientUs.toFixed(0)} µs | ${overhead.ratio.toFixed(2)} | ${overhead.spread} |`,
  );
  if (runs === undefined) return;
  console.log(
    "\n| emulator: concurrent trivial runs | succeeded | wall time | runs/s | API calls | API p50 | API p99 | run-now p99 | runs/get p99 |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|");
  console.log(
    `| ${runs.count} | ${runs.succeeded} | ${runs.seconds.toFixed(1)} s | ${runs.runsPerSec.toFixed(1)} | ${runs.calls} | ` +
      `${runs.apiP50.toFixed(1)} ms | ${runs.apiP99.toFixed(1)} ms | ${runs.runNowP99.toFixed(1)} ms | ${runs.getRunP99.toFixed(1)} ms |`,
  );
}

main(process.argv.includes("--client-only")).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
