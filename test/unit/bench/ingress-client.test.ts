import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAgent, processCpuMs, runHttpLoad } from "../../bench/ingress-client.js";

// The bench's load generator: every delivery is sent once, with its own headers and body, and every
// answer is counted (the bench compares servers by these counts and rates).
let server: Server;
let url: string;
const seen: { id: string; body: string }[] = [];
let connections = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const id = String(req.headers["x-id"]);
      seen.push({ id, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(Number(id) % 2 === 0 ? 200 : 401).end();
    });
  });
  server.on("connection", () => connections++);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("runHttpLoad", () => {
  it("sends each delivery once over keep-alive sockets and counts the answers", async () => {
    const deliveries = Array.from({ length: 10 }, (_, i) => ({
      headers: { "x-id": String(i), "content-type": "application/json" },
      body: JSON.stringify({ n: i, text: "é" }),
    }));
    const agent = loadAgent(3);
    const result = await runHttpLoad(url, deliveries, 3, agent).finally(() => agent.destroy());
    expect(result.requests).toBe(10);
    expect(result.statuses).toEqual({ 200: 5, 401: 5 });
    expect(seen.map((s) => s.id).sort((a, b) => Number(a) - Number(b))).toEqual(
      deliveries.map((d) => d.headers["x-id"]),
    );
    expect(seen.find((s) => s.id === "3")?.body).toBe(JSON.stringify({ n: 3, text: "é" }));
  });

  it("keeps the warm-up's sockets for the measured run when given the same agent", async () => {
    const agent = loadAgent(2);
    const deliveries = Array.from({ length: 6 }, (_, i) => ({ headers: { "x-id": String(i) }, body: "{}" }));
    await runHttpLoad(url, deliveries, 2, agent);
    const afterWarmUp = connections;
    await runHttpLoad(url, deliveries, 2, agent).finally(() => agent.destroy());
    expect(connections).toBe(afterWarmUp);
  });
});

describe("processCpuMs", () => {
  it.skipIf(process.platform !== "linux")(
    "reads a live process's CPU time and nothing for a missing one",
    () => {
      expect(processCpuMs(process.pid)).toBeGreaterThanOrEqual(0);
      expect(processCpuMs(2 ** 22 + 12345)).toBeUndefined();
    },
  );
});
