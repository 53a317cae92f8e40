import { describe, expect, it } from "vitest";
import { hashKey, instanceIdFor, MAX_INSTANCE_ID_LENGTH } from "../../../shared/durable/instance-ids.js";

/** The characters durable instance ids must not contain: / \ # ? and control characters. */
const hasForbidden = (id: string) =>
  [...id].some((c) => "/\\#?".includes(c) || c.charCodeAt(0) < 32 || c === "\u007f");

describe("instanceIdFor", () => {
  it("keeps short safe keys readable", () => {
    expect(instanceIdFor("gh", "72d3162e-cc78-11e3-81ab-4c9367dc0958")).toBe(
      "gh-72d3162e-cc78-11e3-81ab-4c9367dc0958",
    );
  });

  it("is deterministic, so duplicates collapse onto one instance", () => {
    const key = "https://acct.dfs.core.windows.net/landing/2026/01/01/data.parquet";
    expect(instanceIdFor("land", key)).toBe(instanceIdFor("land", key));
  });

  it.each([
    ["a path", "landing/2026/data.parquet"],
    ["a query", "x?y=1"],
    ["a hash sign", "issue#2"],
    ["a backslash", "a\\b"],
    ["a control character", "a\nb"],
    ["a long key", "k".repeat(200)],
  ])("hashes a key with %s into a safe, bounded id", (_what, key) => {
    const id = instanceIdFor("land", key);
    expect(id).toMatch(/^land-[0-9a-f]{48}$/);
    expect(hasForbidden(id)).toBe(false);
    expect(id.length).toBeLessThanOrEqual(MAX_INSTANCE_ID_LENGTH);
  });

  it("uses the longest key that still fits, and hashes one character more", () => {
    expect(instanceIdFor("gh", "k".repeat(97))).toBe(`gh-${"k".repeat(97)}`);
    expect(instanceIdFor("gh", "k".repeat(98))).toMatch(/^gh-[0-9a-f]{48}$/);
  });

  it("never lets a raw key collide with a hashed one", () => {
    const hashed = instanceIdFor("land", "a/b");
    const raw = hashed.slice("land-".length);
    expect(instanceIdFor("land", raw)).not.toBe(hashed);
  });

  it("hashes multi-part keys without ambiguity", () => {
    expect(instanceIdFor("land", ["a-b", "c"])).not.toBe(instanceIdFor("land", ["a", "b-c"]));
    expect(hashKey(["a", "b"])).toHaveLength(48);
  });

  it.each(["", "GH", "g-h", "1gh", "waytoolongprefix1"])("rejects the prefix %j", (prefix) => {
    expect(() => instanceIdFor(prefix, "k")).toThrow(TypeError);
  });

  it("rejects an empty multi-part key", () => {
    expect(() => instanceIdFor("land", [])).toThrow(TypeError);
  });
});
