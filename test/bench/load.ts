import { performance } from "node:perf_hooks";

/** One request of a load run: the same bytes go to every server compared. */
export interface Delivery {
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly statuses: Readonly<Record<number, number>>;
}

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Closed loop: `concurrency` workers each send the next delivery as soon as their previous one is answered. */
export async function runLoad(
  url: string,
  deliveries: readonly Delivery[],
  concurrency: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < deliveries.length) {
      const d = deliveries[next++];
      if (d === undefined) return;
      const t0 = performance.now();
      const res = await fetch(url, { method: "POST", headers: d.headers, body: d.body });
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
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
