import { request } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const fixture = (name: string): string => join(import.meta.dirname, "..", "..", "fixtures", "apps", name);
export const tempDataDir = (): string => mkdtempSync(join(tmpdir(), "local-host-"));

/** Raw request, for what fetch will not send (a lying Content-Length, chunked bodies). */
export function rawRequest(
  url: string,
  options: { method: string; headers?: Record<string, string | number>; chunks?: Buffer[] },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method, headers: options.headers }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString("utf8") }));
    });
    req.on("error", reject);
    for (const c of options.chunks ?? []) req.write(c);
    if (options.chunks) req.end();
    else req.flushHeaders();
  });
}

/** Polls until `check` returns a value (bounded), for work the host finishes after answering. */
export async function eventually<T>(check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}
