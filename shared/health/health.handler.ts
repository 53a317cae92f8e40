import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import type { Config } from "../config/schema.js";
import { ConfigError } from "../errors/taxonomy.js";
import { toHttpResponse } from "../errors/http.js";
import { createLogger, invocationSink } from "../runtime/logger.js";

export interface HealthDeps {
  /** Loads settings per request, so a fixed app setting shows up without a restart of this code path. */
  readonly loadConfig: () => Config;
  readonly version: string;
}

/** An `HttpHandler` that always answers with a plain `HttpResponseInit`. */
export type HealthHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/** Body of `GET /api/health`. */
export type HealthBody =
  | { readonly status: "ok"; readonly version: string; readonly environment: string }
  | { readonly status: "unavailable"; readonly version: string; readonly problems: readonly string[] };

// Probes poll this endpoint; a cached answer would hide a broken deploy.
const NO_STORE = { "cache-control": "no-store" };

/**
 * `GET /api/health`: 200 with version and environment, or 503 naming (only naming) the invalid
 * settings so an operator can fix the deploy. Anonymous, so it never reveals reasons or values.
 */
export function createHealthHandler(deps: HealthDeps): HealthHandler {
  return (_request, context) => {
    try {
      const config = deps.loadConfig();
      const body: HealthBody = { status: "ok", version: deps.version, environment: config.app.environment };
      return Promise.resolve({ status: 200, jsonBody: body, headers: NO_STORE });
    } catch (err) {
      return Promise.resolve(unhealthy(err, deps.version, context));
    }
  };
}

function unhealthy(err: unknown, version: string, context: InvocationContext): HttpResponseInit {
  const log = createLogger({ sink: invocationSink(context) });
  if (!(err instanceof ConfigError)) {
    log.error("health check failed", { error: err });
    return toHttpResponse(err);
  }
  const problems = err.problems.map((p) => p.name);
  log.warn("configuration invalid", { problems: err.problems });
  const body: HealthBody = { status: "unavailable", version, problems };
  return { status: 503, jsonBody: body, headers: NO_STORE };
}
