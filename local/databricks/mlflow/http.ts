import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * One emulator route: answers the request and resolves true, or resolves false to let the next route try.
 * Same signature as the workspace emulator's own routes, so its server can mount these unchanged.
 */
export type Route = (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) => Promise<boolean>;

/** Databricks' error statuses for the codes these routes produce (MLflow OSS answers 400 for conflicts). */
export const errorStatus: Readonly<Record<string, number>> = {
  INVALID_PARAMETER_VALUE: 400,
  BAD_REQUEST: 400,
  PERMISSION_DENIED: 403,
  RESOURCE_DOES_NOT_EXIST: 404,
  NOT_FOUND: 404,
  ENDPOINT_NOT_FOUND: 404,
  RESOURCE_ALREADY_EXISTS: 409,
  ALREADY_EXISTS: 409,
  INTERNAL_ERROR: 500,
  TEMPORARILY_UNAVAILABLE: 503,
};

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Databricks' error body: `{"error_code": ..., "message": ...}`. */
export function sendError(res: ServerResponse, errorCode: string, message: string, status?: number): void {
  sendJson(res, status ?? errorStatus[errorCode] ?? 400, { error_code: errorCode, message });
}

/** Thrown inside a route to answer with a Databricks error. */
export class RouteError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Parses a JSON object body; an empty body is `{}`. */
export function jsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw new RouteError("MALFORMED_REQUEST", "Request body is not valid JSON", 400);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new RouteError("MALFORMED_REQUEST", "Request body must be a JSON object", 400);
  }
  return value as Record<string, unknown>;
}
