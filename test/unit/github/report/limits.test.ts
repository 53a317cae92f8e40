import { describe, expect, it } from "vitest";
import { batches, shortDescription, truncate } from "../../../../shared/github/report/limits.js";

describe("GitHub limits", () => {
  it("leaves short text alone and cuts long text to the limit with a note", () => {
    expect(truncate("short", 10)).toBe("short");
    const cut = truncate("y".repeat(70_000), 65_535);
    expect(cut.length).toBeLessThanOrEqual(65_535);
    expect(cut).toMatch(/truncated: (\d+) characters omitted/);
    const omitted = Number(/truncated: (\d+)/.exec(cut)?.[1]);
    expect(cut.indexOf("\n\n…")).toBe(70_000 - omitted);
  });

  it("never splits a surrogate pair", () => {
    const cut = truncate("😀".repeat(40_000), 65_535);
    const kept = cut.slice(0, cut.indexOf("\n\n…"));
    expect(kept.length % 2).toBe(0);
    expect(shortDescription("😀".repeat(100)).length).toBeLessThanOrEqual(140);
    expect(shortDescription("😀".repeat(100)).at(-1)).toBe("…");
  });

  it("makes one-line descriptions of at most 140 characters", () => {
    expect(shortDescription(" a\n b ")).toBe("a b");
    expect(shortDescription("z".repeat(500))).toHaveLength(140);
  });

  it("batches 50 at a time, with one empty batch for nothing", () => {
    expect(batches([])).toEqual([[]]);
    expect(batches(Array.from({ length: 101 }, (_, i) => i)).map((b) => b.length)).toEqual([50, 50, 1]);
  });
});
