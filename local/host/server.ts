import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { handleAdmin } from "./admin.js";
import type { PlainResponse } from "./contracts.js";
import { eventGridPath, handleEventGrid } from "./eventgrid.js";
import type { HostContext } from "./host-context.js";
import { handleHttpTrigger } from "./http-triggers.js";
import { flatHeaders, HttpError, isLoopback, json, readBody, send, type Reply } from "./http-util.js";
import { authorizeSystem, presentedKey } from "./keys.js";

const durablePublic = "/runtime/webhooks/durabletask/";
const durableRpc = "/durabletask/";

/** Forwards the Durable HTTP API (public webhook with system key, or the client's loopback rpcBaseUrl). */
async function handleDurable(req: IncomingMessage, url: URL, ctx: HostContext): Promise<Reply | undefined> {
  const lower = url.pathname.toLowerCase();
  if (lower.startsWith(durablePublic)) {
    if (!authorizeSystem(ctx.keys, "durabletask_extension", presentedKey(url, req.headers))) throw new HttpError(401, "Unauthorized");
  } else if (lower.startsWith(durableRpc)) {
    if (!isLoopback(req.socket.remoteAddress)) throw new HttpError(403, "The durable RPC endpoint is loopback only");
  } else return undefined;
  if (!ctx.durable) return undefined;
  const body = await readBody(req, ctx.maxBodyBytes);
  const response: PlainResponse | undefined = await ctx.durable.handleHttp({ method: req.method ?? "GET", url, headers: flatHeaders(req), body });
  return response && { status: response.status, headers: response.headers ?? {}, body: response.body };
}

/** Concatenated, not resolved: `new URL("//x", base)` would treat the path as a host. */
function requestUrl(req: IncomingMessage): URL {
  const path = req.url?.startsWith("/") ? req.url : `/${req.url ?? ""}`;
  try {
    return new URL(`http://${req.headers.host ?? "127.0.0.1"}${path}`);
  } catch {
    return new URL(`http://127.0.0.1${path}`);
  }
}

async function route(req: IncomingMessage, ctx: HostContext): Promise<Reply> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > ctx.maxBodyBytes) throw new HttpError(413, "Request body too large");
  const url = requestUrl(req);
  const lower = url.pathname.toLowerCase();
  if (lower.startsWith("/admin/")) {
    if (lower === "/admin/host/ping") return (await handleAdmin(req, url, ctx)) ?? json(404, { error: "Not Found" });
    if (!ctx.ready) throw new HttpError(503, "Host is starting");
    return (await handleAdmin(req, url, ctx)) ?? json(404, { error: "Not Found" });
  }
  if (!ctx.ready) throw new HttpError(503, "Host is starting");
  if (lower === eventGridPath || lower === `${eventGridPath}/`) return handleEventGrid(req, url, ctx);
  if (lower.startsWith("/runtime/") || lower.startsWith(durableRpc)) {
    return (await handleDurable(req, url, ctx)) ?? json(404, { error: "Not Found" });
  }
  return (await handleHttpTrigger(req, url, ctx)) ?? json(404, { error: "Not Found" });
}

function onRequest(req: IncomingMessage, res: ServerResponse, ctx: HostContext): void {
  route(req, ctx).then(
    (reply) => send(res, reply),
    (err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) {
        if (err.status === 413) res.setHeader("connection", "close");
        send(res, json(err.status, { error: err.message }, err.headers));
        return;
      }
      // Never echo handler errors: they may carry secrets. The log has the detail.
      ctx.log("error", `${req.method ?? "?"} ${(req.url ?? "/").split("?")[0]} failed: ${(err as Error)?.stack ?? String(err)}`);
      send(res, json(500, { error: "Internal Server Error" }));
    },
  );
}

export function createHostServer(ctx: HostContext): Server {
  const server = createServer((req, res) => onRequest(req, res, ctx));
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    else socket.destroy();
  });
  return server;
}

/** Listens on 127.0.0.1:<port> (0 = any free port) and resolves the port. */
export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}
