import type { IncomingMessage, ServerResponse } from "node:http";

/** An expected failure with its HTTP status; the server turns anything else into a generic 500. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  cookies?: string[];
  /** Buffer and string are sent as they are; anything else (not undefined) as JSON. */
  body?: unknown;
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({ status, body, headers });

/** The host's default maxRequestBodySize: 100 MB. */
export const defaultMaxBodyBytes = 100 * 1024 * 1024;

/** Reads the whole body, rejecting with 413 as soon as it grows past `limit`. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        req.pause();
        reject(new HttpError(413, "Request body too large"));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on("error", (err) => {
      if (!failed) reject(err);
    });
  });
}

/** Lower-cased single-valued headers (repeated ones joined with ", ", Set-Cookie with "; "). */
export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(name === "cookie" ? "; " : ", ") : value;
  }
  return out;
}

export function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string | string[]> = { ...(reply.headers ?? {}) };
  const has = (name: string): boolean => Object.keys(headers).some((h) => h.toLowerCase() === name);
  let payload: Buffer;
  if (reply.body === undefined || reply.body === null) payload = Buffer.alloc(0);
  else if (Buffer.isBuffer(reply.body)) payload = reply.body;
  else if (reply.body instanceof Uint8Array) payload = Buffer.from(reply.body);
  else if (typeof reply.body === "string") {
    payload = Buffer.from(reply.body, "utf8");
    if (!has("content-type")) headers["content-type"] = "text/plain; charset=utf-8";
  } else {
    payload = Buffer.from(JSON.stringify(reply.body), "utf8");
    if (!has("content-type")) headers["content-type"] = "application/json; charset=utf-8";
  }
  if (reply.cookies && reply.cookies.length > 0) headers["set-cookie"] = reply.cookies;
  for (const name of Object.keys(headers)) if (name.toLowerCase() === "content-length") delete headers[name];
  headers["content-length"] = String(payload.length);
  res.writeHead(reply.status, headers);
  res.end(payload);
}

export function isLoopback(address: string | undefined): boolean {
  return !!address && (address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127."));
}
