import type { HttpResponseInit } from "@azure/functions";
import { isAppError } from "./app-error.js";

/** The JSON body of every error response. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details?: Readonly<Record<string, unknown>>;
  };
}

const GENERIC_MESSAGES: Readonly<Record<number, string>> = {
  500: "Internal server error",
  502: "An upstream service failed",
  503: "Service unavailable",
};

/**
 * Maps any thrown value to an HTTP response. The one place HTTP handlers turn errors into responses.
 * Messages and details are shown only for errors that opted in (`expose`, true for 4xx); everything
 * else, including non-AppErrors, gets a generic message so internals and secrets never leak.
 */
export function toHttpResponse(err: unknown): HttpResponseInit {
  if (!isAppError(err)) {
    return respond(500, { error: { code: "INTERNAL", message: genericMessage(500) } });
  }
  if (!err.expose) {
    return respond(err.status, { error: { code: err.code, message: genericMessage(err.status) } });
  }
  const body: ErrorBody = {
    error: {
      code: err.code,
      message: err.message,
      ...(err.details === undefined ? {} : { details: err.details }),
    },
  };
  return respond(err.status, body);
}

function genericMessage(status: number): string {
  return GENERIC_MESSAGES[status] ?? (status >= 500 ? "Internal server error" : "Request failed");
}

function respond(status: number, body: ErrorBody): HttpResponseInit {
  // Error bodies are never cacheable: a retry after a fix must not see a stale failure.
  return { status, jsonBody: body, headers: { "cache-control": "no-store" } };
}
