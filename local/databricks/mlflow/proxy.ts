import type { ServerResponse } from "node:http";
import { type Route, sendError } from "./http.js";

/**
 * Paths the MLflow server answers itself. `/api/2.0/preview/mlflow` is the old Databricks spelling, which
 * MLflow 3 no longer serves, so it is rewritten; `mlflow-artifacts` carries proxied artifact up/downloads.
 */
const forwarded = [
  { prefix: "/api/2.0/preview/mlflow/", target: "/api/2.0/mlflow/" },
  { prefix: "/api/2.0/mlflow/", target: "/api/2.0/mlflow/" },
  { prefix: "/ajax-api/2.0/mlflow/", target: "/ajax-api/2.0/mlflow/" },
  { prefix: "/api/2.0/mlflow-artifacts/", target: "/api/2.0/mlflow-artifacts/" },
];

/** Only these request headers reach MLflow: auth was the emulator's business and ends here. */
const passedHeaders = ["content-type", "accept"];

/** Forwards MLflow REST calls to the MLflow server unchanged: method, query, body, status and body back. */
export function createForwardRoute(mlflowUrl: string, fetchImpl: typeof fetch = fetch): Route {
  const base = mlflowUrl.replace(/\/+$/, "");
  return async (req, res, url, body) => {
    const rule = forwarded.find((r) => url.pathname.startsWith(r.prefix));
    if (!rule) return false;
    const target = `${base}${rule.target}${url.pathname.slice(rule.prefix.length)}${url.search}`;
    await forward(res, target, req.method ?? "GET", headersOf(req.headers), body, fetchImpl);
    return true;
  };
}

export async function forward(
  res: ServerResponse,
  target: string,
  method: string,
  headers: Record<string, string>,
  body: Buffer,
  fetchImpl: typeof fetch,
): Promise<void> {
  let upstream: Response;
  try {
    // fetch refuses a body on GET and HEAD; MLflow reads their parameters from the query anyway.
    const withBody = method !== "GET" && method !== "HEAD" && body.length > 0;
    upstream = await fetchImpl(target, { method, headers, ...(withBody ? { body } : {}) });
  } catch {
    sendError(res, "TEMPORARILY_UNAVAILABLE", "The MLflow server behind the emulator is not reachable");
    return;
  }
  // fetch has already decoded any content-encoding, so only the type travels back, with a fresh length.
  const payload = Buffer.from(await upstream.arrayBuffer());
  const type = upstream.headers.get("content-type");
  res.writeHead(upstream.status, {
    ...(type ? { "content-type": type } : {}),
    "content-length": payload.length,
  });
  res.end(payload);
}

function headersOf(incoming: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of passedHeaders) {
    const value = incoming[name];
    if (typeof value === "string") out[name] = value;
  }
  return out;
}
