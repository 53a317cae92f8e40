import { invalid } from "../http.js";

/** Opaque page tokens: base64url of the offset (clients must not parse them, and ours do not). */
export function pageSlice<T>(
  items: T[],
  token: string | undefined,
  size: number,
  offset = 0,
): { items: T[]; next?: string } {
  const start = token === undefined ? offset : decode(token);
  const slice = items.slice(start, start + size);
  const end = start + size;
  return end < items.length
    ? { items: slice, next: Buffer.from(`o:${end}`).toString("base64url") }
    : { items: slice };
}

function decode(token: string): number {
  const m = /^o:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (!m?.[1]) throw invalid("Invalid page_token.");
  return Number(m[1]);
}
