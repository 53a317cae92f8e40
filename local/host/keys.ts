import { randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The local equivalent of the host's secrets (host.json keys): created once per data folder. */
export interface HostKeys {
  masterKey: string;
  functionKeys: { default: string };
  systemKeys: { durabletask_extension: string; eventgrid_extension: string };
}

export type AuthLevel = "anonymous" | "function" | "admin";

const newKey = (): string => randomBytes(32).toString("base64url");

function isHostKeys(value: unknown): value is HostKeys {
  const v = value as Partial<HostKeys> | null;
  return (
    typeof v?.masterKey === "string" &&
    typeof v.functionKeys?.default === "string" &&
    typeof v.systemKeys?.durabletask_extension === "string" &&
    typeof v.systemKeys.eventgrid_extension === "string"
  );
}

/** Reads `<dataDir>/keys.json`, creating it with random keys (mode 0600) on first start. */
export function loadOrCreateKeys(dataDir: string): HostKeys {
  const path = join(dataDir, "keys.json");
  if (existsSync(path)) {
    const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
    if (!isHostKeys(parsed)) throw new Error(`${path} is not a valid keys file; delete it to regenerate`);
    return parsed;
  }
  const keys: HostKeys = {
    masterKey: newKey(),
    functionKeys: { default: newKey() },
    systemKeys: { durabletask_extension: newKey(), eventgrid_extension: newKey() },
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path, JSON.stringify(keys, null, 2) + "\n", { mode: 0o600 });
  return keys;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The key a request presents: `?code=` or the `x-functions-key` header, as the host accepts them. */
export function presentedKey(url: URL, headers: Record<string, string | string[] | undefined>): string | undefined {
  const header = headers["x-functions-key"];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  return fromHeader ?? url.searchParams.get("code") ?? undefined;
}

/** Master satisfies every level; function level also accepts the function key (host key semantics). */
export function authorizeLevel(keys: HostKeys, level: AuthLevel, key: string | undefined): boolean {
  if (level === "anonymous") return true;
  if (key === undefined || key === "") return false;
  if (same(key, keys.masterKey)) return true;
  return level === "function" && same(key, keys.functionKeys.default);
}

/** System-key endpoints (/runtime/webhooks/<extension>) accept that extension's key or the master key. */
export function authorizeSystem(keys: HostKeys, extension: keyof HostKeys["systemKeys"], key: string | undefined): boolean {
  if (key === undefined || key === "") return false;
  return same(key, keys.masterKey) || same(key, keys.systemKeys[extension]);
}

export function toAuthLevel(value: unknown): AuthLevel {
  const v = typeof value === "string" ? value.toLowerCase() : "function";
  if (v === "anonymous" || v === "admin" || v === "function") return v;
  if (v === "system") return "admin";
  return "function";
}
