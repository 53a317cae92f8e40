import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { int64, parseJson, stringifyJson } from "../../shared/databricks/int64.js";

/**
 * One emulator route: answers and returns true, or returns false to let the next route try.
 * Routes from other modules (local/databricks/mlflow) plug in through this shape.
 */
export type Route = (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) => Promise<boolean>;

/** A Databricks-shaped failure: `{ "error_code": …, "message": … }` with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const invalid = (message: string): ApiError => new ApiError(400, "INVALID_PARAMETER_VALUE", message);
export const notFound = (message: string): ApiError => new ApiError(404, "RESOURCE_DOES_NOT_EXIST", message);
export const exists = (message: string): ApiError => new ApiError(409, "RESOURCE_ALREADY_EXISTS", message);

/** Request keys whose integer values are int64 ids: parsed as decimal strings, never as JS numbers. */
const requestIdKeys: ReadonlySet<string> = new Set(["job_id", "run_id", "latest_repair_id", "object_id"]);

/** Parses a JSON request body; an empty body is `{}`, anything but a JSON object is MALFORMED_REQUEST. */
export function jsonBody(body: Buffer): Record<string, unknown> {
  const text = body.toString("utf8");
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = parseJson(text, requestIdKeys);
  } catch {
    throw new ApiError(
      400,
      "MALFORMED_REQUEST",
      "Invalid JSON given in the body of the request - expected a map",
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ApiError(
      400,
      "MALFORMED_REQUEST",
      "Invalid JSON given in the body of the request - expected a map",
    );
  }
  return value as Record<string, unknown>;
}

/** Marks a decimal id string so that {@link sendJson} writes it as a bare JSON integer. */
export const id = (digits: string): unknown => int64(digits);

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const text = stringifyJson(value);
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, err: ApiError): void {
  sendJson(res, err.status, { error_code: err.errorCode, message: err.message }, err.headers);
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Every answer carries a request id, as Databricks' do, so clients can report it. */
export function newRequestId(): string {
  return randomUUID();
}

/** Reads a required string field. */
export function str(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== "string" || value === "") throw invalid(`Missing required field: ${key}`);
  return value;
}

/** Reads an int64 id given as a JSON integer (parsed to a string) or a decimal string (query). */
export function idParam(value: unknown, key: string): string {
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  if (typeof value === "string" && /^\d{1,19}$/.test(value)) return value;
  if (value === undefined || value === null || value === "") throw invalid(`Missing required field: ${key}`);
  throw invalid(`Invalid value for ${key}: expected an int64`);
}

/** Boolean fields arrive as JSON booleans or, in queries and forms, as "true"/"false". */
export function bool(value: unknown): boolean {
  return value === true || value === "true";
}
