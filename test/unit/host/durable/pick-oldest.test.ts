import { describe, expect, it } from "vitest";
import { pickOldest } from "../../../../local/host/durable/engine.js";

describe("pickOldest", () => {
  const hints = new Map<string, number>([
    ["c", 30],
    ["a", 10],
    ["e", 50],
    ["b", 20],
    ["d", 40],
  ]);

  it("returns the k oldest instances, oldest first", () => {
    expect(pickOldest(hints, 3, () => true)).toEqual(["a", "b", "c"]);
  });

  it("skips instances that are not eligible (already running)", () => {
    expect(pickOldest(hints, 2, (id) => id !== "a")).toEqual(["b", "c"]);
  });

  it("returns everything when k exceeds the hints, and nothing for k = 0", () => {
    expect(pickOldest(hints, 10, () => true)).toEqual(["a", "b", "c", "d", "e"]);
    expect(pickOldest(hints, 0, () => true)).toEqual([]);
  });
});
