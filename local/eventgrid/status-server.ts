import { createServer, type Server } from "node:http";
import type { EmulatorStatus } from "./emulator.js";

/** `GET /health`: 200 once a scan of Azurite succeeded and the last one did, 503 otherwise; JSON status. */
export function listenStatus(port: number, status: () => EmulatorStatus): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    if (req.method !== "GET" || (path !== "/health" && path !== "/")) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
      return;
    }
    const s = status();
    res.writeHead(s.state === "watching" ? 200 : 503, { "content-type": "application/json" });
    res.end(JSON.stringify(s, null, 2));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}
