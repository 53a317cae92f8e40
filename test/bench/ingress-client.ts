import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import { percentile, type Delivery, type LoadResult } from "./load.js";

/**
 * The load generator of `npm run bench:ingress`: node:http with one keep-alive socket per worker. It
 * runs on the same 2 cores as the servers, so it must cost less than they do: fetch (load.ts) spends
 * about 1 ms of CPU per request, twice what the bare server spends, and capped the bare server's
 * throughput at the client's (the bare server sat ~80% idle in its profile). This client spends about
 * a third of that, so both servers meet the same, cheaper client.
 */
function post(agent: Agent, url: URL, d: Delivery): Promise<number> {
  const body = Buffer.from(d.body, "utf8");
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { agent, method: "POST", headers: { ...d.headers, "content-length": String(body.length) } },
      (res) => {
        res.on("data", () => undefined);
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Keep-alive sockets, one per worker; reuse it from the warm-up to the measured run. */
export const loadAgent = (concurrency: number): Agent =>
  new Agent({ keepAlive: true, maxSockets: concurrency });

/**
 * Closed loop like runLoad: `concurrency` workers, each sends its next delivery when answered. Pass the
 * warm-up's `agent`: a server busy with requests accepts about one new connection per event-loop turn,
 * so 50 fresh sockets would put a connection ramp into the measured run (fetch keeps its pool too).
 */
export async function runHttpLoad(
  url: string,
  deliveries: readonly Delivery[],
  concurrency: number,
  agent: Agent = loadAgent(concurrency),
): Promise<LoadResult> {
  const target = new URL(url);
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let d = deliveries[next++]; d !== undefined; d = deliveries[next++]) {
      const t0 = performance.now();
      const status = await post(agent, target, d);
      latencies.push(performance.now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: deliveries.length,
    seconds,
    perSecond: deliveries.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    statuses,
  };
}

/** CPU (user + system) a process has used, in ms; undefined where /proc is missing (not Linux). */
export function processCpuMs(pid: number): number | undefined {
  try {
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th, in clock
    // ticks of 10 ms (USER_HZ is 100 on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}
