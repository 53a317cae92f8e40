import { ValidationError } from "../../errors/taxonomy.js";

/** The query a page continues: the store's own token and the created-time window it was read with. */
export interface ListCursor {
  readonly storeToken: string;
  readonly createdFrom?: string;
  readonly createdTo?: string;
}

// Printable ASCII only: the store token goes back into a request header (no CR/LF smuggling).
const STORE_TOKEN = /^[\x20-\x7e]{1,4096}$/;
const ENCODED = /^[A-Za-z0-9_-]{1,6000}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

const invalid = () => new ValidationError("continuationToken is not one this API returned");

/**
 * Our continuation token wraps the store's with the window of the first page, so every later page reads
 * the same query even when that window was the default (a window computed afresh would shift under a
 * store token that is an offset, as the local engine's is).
 */
export function encodeCursor(cursor: ListCursor): string {
  const { storeToken: s, createdFrom: f, createdTo: t } = cursor;
  return Buffer.from(JSON.stringify({ s, f, t }), "utf8").toString("base64url");
}

export function decodeCursor(token: string): ListCursor {
  if (!ENCODED.test(token)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  const { s, f, t } = (parsed ?? {}) as { s?: unknown; f?: unknown; t?: unknown };
  const time = (v: unknown) => v === undefined || (typeof v === "string" && ISO.test(v));
  if (typeof s !== "string" || !STORE_TOKEN.test(s) || !time(f) || !time(t)) throw invalid();
  return {
    storeToken: s,
    ...(typeof f === "string" ? { createdFrom: f } : {}),
    ...(typeof t === "string" ? { createdTo: t } : {}),
  };
}
