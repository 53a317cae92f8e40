import type { IncomingMessage, ServerResponse } from "node:http";
import { jsonBody, type Route, sendJson } from "./http.js";

/** What a handler sees: the raw request, parsed URL, raw body and a lazily parsed JSON body. */
export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  body: Buffer;
  json(): Record<string, unknown>;
  /** Path parameters captured by a RegExp route. */
  params: string[];
}

/** A handler returns the JSON to send (200) or undefined when it wrote the response itself. */
export type Handler = (ctx: Ctx) => unknown;

export interface Endpoint {
  method: string;
  path: string | RegExp;
  handler: Handler;
}

/** Turns a table of endpoints into a {@link Route}; thrown ApiErrors are sent by the server. */
export function routeTable(endpoints: Endpoint[]): Route {
  return async (req, res, url, body) => {
    for (const endpoint of endpoints) {
      const params = match(endpoint.path, url.pathname);
      if (params === undefined) continue;
      if (endpoint.method !== req.method) continue;
      let parsed: Record<string, unknown> | undefined;
      const ctx: Ctx = { req, res, url, body, params, json: () => (parsed ??= jsonBody(body)) };
      const result: unknown = await endpoint.handler(ctx);
      if (!res.headersSent) sendJson(res, 200, result ?? {});
      return true;
    }
    return false;
  };
}

function match(path: string | RegExp, pathname: string): string[] | undefined {
  if (typeof path === "string") return path === pathname ? [] : undefined;
  const m = path.exec(pathname);
  return m ? m.slice(1).map((p) => decodeURIComponent(p ?? "")) : undefined;
}
