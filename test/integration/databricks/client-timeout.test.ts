import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import {
  type Clock,
  createDatabricksClient,
  patAuth,
  systemClock,
} from "../../../shared/databricks/index.js";

describe("client timeouts on a real socket", () => {
  it("aborts a request the server never answers, closes its connection, and reports DEADLINE_EXCEEDED", async () => {
    let arrived: (req: IncomingMessage) => void = () => undefined;
    const request = new Promise<IncomingMessage>((resolve) => (arrived = resolve));
    // Never answer: only the client's per-attempt timeout can end the request.
    const server = createServer((req) => arrived(req));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    // Real time and sleeps, but the timeout fires when the test says so (once the server has the request).
    const timeouts: (() => void)[] = [];
    const clock: Clock = { ...systemClock, timer: (_ms, fire) => (timeouts.push(fire), () => undefined) };
    try {
      const client = createDatabricksClient({
        host: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        auth: patAuth("dapi-timeout"),
        rateLimit: false,
        clock,
        retry: { maxAttempts: 1 },
      });
      const call = client.scim.me().catch((e: unknown) => e);
      const req = await request;
      const closed = new Promise<void>((resolve) => req.socket.once("close", () => resolve()));
      expect(timeouts).toHaveLength(1);
      timeouts[0]?.();
      expect(await call).toMatchObject({ errorCode: "DEADLINE_EXCEEDED", attempts: 1, retryable: true });
      await closed;
      expect(req.socket.destroyed).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
