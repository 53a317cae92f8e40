import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/**
 * A loopback webhook that records every request and answers the Event Grid handshakes as a well-behaved
 * subscriber does; notifications get whatever `answer` says (200 by default).
 */
export interface Receiver {
  url: string;
  requests: Received[];
  /** Notifications only (no handshakes), in arrival order. */
  notifications(): Received[];
  answer: (r: Received) => number;
  /** When false, the SubscriptionValidation answer leaves out the code, as a misconfigured webhook would. */
  validate: boolean;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    url: "",
    requests: [],
    notifications: () =>
      receiver.requests.filter((r) => r.method === "POST" && r.headers["aeg-event-type"] === "Notification"),
    answer: () => 200,
    validate: true,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const r: Received = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: text === "" ? undefined : (JSON.parse(text) as unknown),
      };
      receiver.requests.push(r);
      if (r.method === "OPTIONS") {
        const origin = String(req.headers["webhook-request-origin"] ?? "");
        res.writeHead(200, { "webhook-allowed-origin": origin }).end();
        return;
      }
      if (req.headers["aeg-event-type"] === "SubscriptionValidation") {
        const code = (r.body as { data: { validationCode: string } }[])[0]?.data.validationCode;
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify(receiver.validate ? { validationResponse: code } : {}));
        return;
      }
      res.writeHead(receiver.answer(r)).end();
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}

/** Polls until `check` returns a value, for deliveries that happen after the call that caused them. */
export async function eventually<T>(check: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
