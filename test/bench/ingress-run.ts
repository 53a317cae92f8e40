import type { Agent } from "node:http";
import { loadAgent, processCpuMs, runHttpLoad } from "./ingress-client.js";
import { signedDeliveries } from "./ingress-deliveries.js";
import { runLoad, type Delivery, type LoadResult } from "./load.js";

export const SECRET = "bench-webhook-secret-0001";
const COUNT = 500;
const WARM_UP = 100;

/** A server under test: where to send deliveries and which process to charge the CPU to. */
export interface Server {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
}

export type Client = "node:http" | "fetch";

export interface Measured extends LoadResult {
  readonly label: string;
  readonly client: Client;
  /** CPU the server process used per request (ms); undefined off Linux. */
  readonly serverCpu: number | undefined;
  /** CPU this (client) process used per request (ms). */
  readonly clientCpu: number;
}

const load = (client: Client, url: string, d: readonly Delivery[], concurrency: number, agent: Agent) =>
  client === "fetch" ? runLoad(url, d, concurrency) : runHttpLoad(url, d, concurrency, agent);

/** One measured row after a warm-up (JIT, sockets) with the same client and concurrency. */
export async function measure(
  server: Server,
  kind: "push" | "ping",
  client: Client,
  concurrency: number,
): Promise<Measured> {
  const agent = loadAgent(concurrency);
  await load(client, server.url, signedDeliveries(kind, WARM_UP, SECRET), concurrency, agent);
  const deliveries = signedDeliveries(kind, COUNT, SECRET);
  const cpu0 = processCpuMs(server.pid);
  const own0 = process.cpuUsage();
  const result = await load(client, server.url, deliveries, concurrency, agent).finally(() =>
    agent.destroy(),
  );
  const own = process.cpuUsage(own0);
  const cpu1 = processCpuMs(server.pid);
  const concurrent = concurrency === 1 ? "1 at a time" : `${concurrency} concurrent`;
  return {
    ...result,
    label: `${server.name}, ${kind}, ${concurrent}`,
    client,
    serverCpu: cpu0 === undefined || cpu1 === undefined ? undefined : (cpu1 - cpu0) / COUNT,
    clientCpu: (own.user + own.system) / 1000 / COUNT,
  };
}

/**
 * The rows of the ingress table. Bare and host alternate which goes first, so a machine that gets
 * busier during the run does not always hit the same side.
 */
export async function ingressRows(bare: Server, host: Server, concurrency: number): Promise<Measured[]> {
  const rows: Measured[] = [];
  const pair = async (kind: "push" | "ping", client: Client, n: number, hostFirst: boolean) => {
    for (const s of hostFirst ? [host, bare] : [bare, host]) rows.push(await measure(s, kind, client, n));
  };
  await pair("push", "node:http", concurrency, false);
  await pair("ping", "node:http", concurrency, true);
  // The client of the earlier runs, for comparison: fetch costs the client more CPU than the bare server.
  // Its pool may reuse a socket the server is just closing (keep-alive timeout on a loaded machine) and
  // a POST is not retried: then these rows are left out rather than the whole run lost.
  const before = rows.length;
  await pair("push", "fetch", concurrency, false).catch((err: unknown) => {
    rows.splice(before);
    console.error(`fetch comparison rows left out: ${(err as Error)?.message ?? String(err)}`);
  });
  // Service time without queueing (with 50 outstanding, p50 is mostly queue wait: about 50 / req/s).
  await pair("push", "node:http", 1, true);
  return rows;
}

const ms = (v: number | undefined, digits = 1) => (v === undefined ? "n/a" : `${v.toFixed(digits)} ms`);

export function ingressTable(rows: readonly Measured[]): string {
  const lines = [
    "| target | client | req/s | p50 | p99 | server CPU / req | client CPU / req | answers |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const answers = Object.entries(r.statuses)
      .map(([s, n]) => `${n}× ${s}`)
      .join(", ");
    lines.push(
      `| ${r.label} | ${r.client} | ${r.perSecond.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.serverCpu, 2)} | ${ms(r.clientCpu, 2)} | ${answers} |`,
    );
  }
  return lines.join("\n");
}

/** host/bare throughput (the figure) and bare/host server CPU per request, per kind and client. */
export function ratios(rows: readonly Measured[], concurrency: number): string[] {
  const out: string[] = [];
  for (const [kind, client] of [
    ["push", "node:http"],
    ["ping", "node:http"],
    ["push", "fetch"],
  ] as const) {
    const find = (name: string) =>
      rows.find((r) => r.client === client && r.label === `${name}, ${kind}, ${concurrency} concurrent`);
    const [bare, host] = [find("bare server"), find("webhook on the local host")];
    if (!bare || !host) continue;
    const cpu =
      bare.serverCpu && host.serverCpu
        ? `; server CPU per request bare/host ${(bare.serverCpu / host.serverCpu).toFixed(2)}`
        : "";
    out.push(
      `Ratio host/bare (${kind}, ${client} client): **${(host.perSecond / bare.perSecond).toFixed(2)}** (target ≥ 0.5)${cpu}.`,
    );
  }
  return out;
}
