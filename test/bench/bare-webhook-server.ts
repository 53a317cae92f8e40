/**
 * The baseline of `npm run bench:ingress`: a bare Node http server that only reads the body and checks
 * X-Hub-Signature-256 with @octokit/webhooks (as shared/github/signature.ts does), then answers 200 or
 * 401. Runs as its own process so it does not share an event loop with the load generator.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhooks } from "@octokit/webhooks";

const webhooks = new Webhooks({ secret: process.env.BENCH_WEBHOOK_SECRET ?? "" });

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const signature = String(req.headers["x-hub-signature-256"] ?? "");
    webhooks
      .verify(Buffer.concat(chunks).toString("utf8"), signature)
      .then((ok) => res.writeHead(ok ? 200 : 401).end())
      .catch(() => res.writeHead(401).end());
  });
});

server.listen(0, "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
