import type { RpcTypedData } from "./registry.js";

/** The `http` RpcTypedData the worker hands to @azure/functions' HttpRequest. */
export interface RpcHttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  params: Record<string, string>;
  body: { bytes: Uint8Array };
}

export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  /** Serialized Set-Cookie values. */
  cookies: string[];
  body: Buffer;
}

interface RpcCookie {
  name?: string;
  value?: string;
  domain?: { value?: string } | null;
  path?: { value?: string } | null;
  expires?: { value?: { seconds?: number } } | null;
  secure?: { value?: boolean } | null;
  httpOnly?: { value?: boolean } | null;
  sameSite?: string | null;
  maxAge?: { value?: number } | null;
}

interface RpcHttpResponse {
  statusCode?: string | number;
  headers?: Record<string, string>;
  cookies?: RpcCookie[];
  body?: RpcTypedData | null;
}

export function serializeCookie(c: RpcCookie): string {
  const parts = [`${c.name ?? ""}=${c.value ?? ""}`];
  if (c.domain?.value) parts.push(`Domain=${c.domain.value}`);
  if (c.path?.value) parts.push(`Path=${c.path.value}`);
  if (c.expires?.value?.seconds !== undefined) parts.push(`Expires=${new Date(c.expires.value.seconds * 1000).toUTCString()}`);
  if (c.maxAge?.value !== undefined) parts.push(`Max-Age=${c.maxAge.value}`);
  if (c.secure?.value) parts.push("Secure");
  if (c.httpOnly?.value) parts.push("HttpOnly");
  const sameSite = { lax: "Lax", strict: "Strict", explicitNone: "None" }[c.sameSite ?? ""];
  if (sameSite) parts.push(`SameSite=${sameSite}`);
  return parts.join("; ");
}

function bodyBytes(body: RpcTypedData | null | undefined): Buffer {
  if (!body) return Buffer.alloc(0);
  if (body.bytes !== undefined) return Buffer.from(body.bytes);
  if (body.string !== undefined) return Buffer.from(body.string, "utf8");
  if (body.json !== undefined) return Buffer.from(body.json, "utf8");
  return Buffer.alloc(0);
}

/**
 * Turns the returned `http` value into a response. A handler that returns nothing produces no `http`
 * value at all; we answer 204 then (see ADR 0002).
 */
export function fromRpcHttpResponse(http: Record<string, unknown> | undefined): HttpResult {
  if (!http) return { status: 204, headers: {}, cookies: [], body: Buffer.alloc(0) };
  const res = http as RpcHttpResponse;
  const status = Number(res.statusCode ?? 200);
  return {
    status: Number.isInteger(status) && status >= 100 && status <= 999 ? status : 200,
    headers: { ...(res.headers ?? {}) },
    cookies: (res.cookies ?? []).map(serializeCookie),
    body: bodyBytes(res.body),
  };
}
