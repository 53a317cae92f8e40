import type { IncomingMessage } from "node:http";
import { authorizeLevel, presentedKey, toAuthLevel, type AuthLevel } from "./keys.js";
import { flatHeaders, HttpError, readBody, type Reply } from "./http-util.js";
import type { HostContext } from "./host-context.js";
import { triggerBinding, type Registry } from "./registry.js";
import { compileRoute, comparePrecedence, matchRoute, type CompiledRoute } from "./routes.js";

export interface HttpRoute {
  functionName: string;
  /** Upper-case methods, or undefined for all methods. */
  methods: string[] | undefined;
  authLevel: AuthLevel;
  route: CompiledRoute;
}

/** HTTP trigger routes, most specific first; the default route is the function name. */
export function buildRoutes(registry: Registry): HttpRoute[] {
  const routes = registry.functionsOfType("httpTrigger").map((name): HttpRoute => {
    const binding = triggerBinding(registry.functions.get(name)!);
    const methods = Array.isArray(binding.methods) && binding.methods.length > 0 ? binding.methods.map((m) => String(m).toUpperCase()) : undefined;
    const template = typeof binding.route === "string" && binding.route.trim() !== "" ? binding.route : name;
    return { functionName: name, methods, authLevel: toAuthLevel(binding.authLevel), route: compileRoute(template) };
  });
  return routes.sort((a, b) => comparePrecedence(a.route, b.route));
}

export function routeUrl(baseUrl: string, prefix: string, route: HttpRoute): string {
  return `${baseUrl}/${[prefix, route.route.template].filter((s) => s !== "").join("/")}`;
}

/** Path below the route prefix, or undefined when the path is outside it. */
function belowPrefix(pathname: string, prefix: string): string | undefined {
  if (prefix === "") return pathname;
  const lower = pathname.toLowerCase();
  const p = `/${prefix.toLowerCase()}`;
  if (lower === p) return "";
  return lower.startsWith(`${p}/`) ? pathname.slice(p.length + 1) : undefined;
}

/** Serves an HTTP trigger; undefined when no route matches the path. */
export async function handleHttpTrigger(req: IncomingMessage, url: URL, ctx: HostContext): Promise<Reply | undefined> {
  const path = belowPrefix(url.pathname, ctx.routePrefix);
  if (path === undefined) return undefined;
  const method = (req.method ?? "GET").toUpperCase();
  const matches = ctx.routes.flatMap((r) => {
    const params = matchRoute(r.route, path);
    return params ? [{ r, params }] : [];
  });
  if (matches.length === 0) return undefined;
  const hit = matches.find(({ r }) => !r.methods || r.methods.includes(method));
  if (!hit) {
    const allow = [...new Set(matches.flatMap(({ r }) => r.methods ?? []))].join(", ");
    throw new HttpError(405, "Method not allowed", { allow });
  }
  if (!authorizeLevel(ctx.keys, hit.r.authLevel, presentedKey(url, req.headers))) throw new HttpError(401, "Unauthorized");
  const body = await readBody(req, ctx.maxBodyBytes);
  const result = await ctx.invoker.invokeHttp(hit.r.functionName, {
    method,
    url: `http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`,
    headers: flatHeaders(req),
    query: Object.fromEntries(url.searchParams),
    params: hit.params,
    body: { bytes: body },
  });
  return { status: result.status, headers: result.headers, cookies: result.cookies, body: result.body };
}
