import type { IncomingMessage } from "node:http";
import { authorizeLevel, presentedKey } from "./keys.js";
import { HttpError, json, readBody, type Reply } from "./http-util.js";
import type { HostContext } from "./host-context.js";
import { timerInfo } from "./timers.js";

const hostVersion = "4.1040.0-local";

function requireMaster(req: IncomingMessage, url: URL, ctx: HostContext): void {
  if (!authorizeLevel(ctx.keys, "admin", presentedKey(url, req.headers))) throw new HttpError(401, "Unauthorized");
}

/** `POST /admin/functions/<name>` with `{"input": "..."}`: runs a non-HTTP function, answers 202 at once. */
async function invokeFunction(req: IncomingMessage, name: string, ctx: HostContext): Promise<Reply> {
  const fn = ctx.registry.functions.get(name);
  if (!fn) throw new HttpError(404, `Function '${name}' not found`);
  if (fn.triggerType.toLowerCase() === "httptrigger") throw new HttpError(400, "HTTP-triggered functions are called on their route");
  const raw = (await readBody(req, ctx.maxBodyBytes)).toString("utf8");
  let input: unknown;
  try {
    input = raw.trim() === "" ? undefined : (JSON.parse(raw) as { input?: unknown }).input;
  } catch {
    throw new HttpError(400, "The request body is not valid JSON");
  }
  let value: unknown = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch {
      value = input;
    }
  }
  if (fn.triggerType.toLowerCase() === "timertrigger") value = timerInfo("0001-01-01T00:00:00.000Z", undefined, new Date(), false);
  void ctx.invoker.invoke(name, value).catch((err: unknown) => {
    ctx.log("error", `Admin invocation of '${name}' failed: ${(err as Error)?.message ?? String(err)}`);
  });
  return { status: 202 };
}

/** The admin API subset: ping (anonymous), host status and function invocation (master key). */
export async function handleAdmin(req: IncomingMessage, url: URL, ctx: HostContext): Promise<Reply | undefined> {
  const method = req.method ?? "GET";
  const path = url.pathname.replace(/\/+$/, "").toLowerCase();
  if (path === "/admin/host/ping") {
    if (method !== "GET" && method !== "POST") throw new HttpError(405, "Method not allowed", { allow: "GET, POST" });
    return { status: 200 };
  }
  if (path === "/admin/host/status") {
    requireMaster(req, url, ctx);
    return json(200, {
      id: "local-host",
      state: "Running",
      version: hostVersion,
      versionDetails: `${hostVersion} (databricks-ml-orchestrator local host)`,
      processUptime: Date.now() - ctx.startedAt,
      functions: [...ctx.registry.functions.keys()],
    });
  }
  const m = /^\/admin\/functions\/([^/]+)$/.exec(url.pathname.replace(/\/+$/, ""));
  if (m?.[1]) {
    requireMaster(req, url, ctx);
    if (method !== "POST") throw new HttpError(405, "Method not allowed", { allow: "POST" });
    return invokeFunction(req, decodeURIComponent(m[1]), ctx);
  }
  return undefined;
}
