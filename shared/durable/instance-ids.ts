import { createHash } from "node:crypto";

// Kept out of shared/durable/index.ts: it needs node:crypto, which orchestrators may not import.

/** Longest instance id we produce; Durable Functions recommends ids of 100 characters or fewer. */
export const MAX_INSTANCE_ID_LENGTH = 100;

const PREFIX = /^[a-z][a-z0-9]{0,15}$/;
// A conservative subset of what the host accepts (anything but / \ # ? and control characters).
const SAFE_KEY = /^[A-Za-z0-9._:-]+$/;
const HASH_LENGTH = 48;
const HASH_LIKE = new RegExp(`^[0-9a-f]{${HASH_LENGTH}}$`);

/** Hex SHA-256 of the parts, truncated to 48 chars (192 bits); JSON keeps ["a-b","c"] and ["a","b-c"] apart. */
export function hashKey(parts: readonly string[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, HASH_LENGTH);
}

/**
 * A deterministic instance id from a business key, so a redelivered event maps to the running
 * instance instead of starting a duplicate: `instanceIdFor("gh", deliveryId)` → `gh-<deliveryId>`.
 * Keys that are long, contain other characters, or have several parts are hashed (`land-<hash>`).
 * A key that already looks like a hash is hashed again, so the two forms can never collide.
 */
export function instanceIdFor(prefix: string, key: string | readonly string[]): string {
  if (!PREFIX.test(prefix)) {
    throw new TypeError(`Instance id prefix must be 1-16 lowercase letters or digits, got "${prefix}"`);
  }
  if (typeof key === "string" && isUsableAsIs(prefix, key)) return `${prefix}-${key}`;
  const parts = typeof key === "string" ? [key] : key;
  if (parts.length === 0) throw new TypeError("Instance id key must not be empty");
  return `${prefix}-${hashKey(parts)}`;
}

function isUsableAsIs(prefix: string, key: string): boolean {
  const fits = prefix.length + 1 + key.length <= MAX_INSTANCE_ID_LENGTH;
  return fits && SAFE_KEY.test(key) && !HASH_LIKE.test(key);
}
