import { describe, expect, it } from "vitest";
import { applyFaults, noFaults, seededRandom } from "../../../local/eventgrid/faults.js";

describe("delivery faults", () => {
  const items = ["a", "b", "c", "d"];

  it("leaves the batch alone when switched off", () => {
    expect(applyFaults(items, noFaults, seededRandom(1))).toEqual(items);
  });

  it("duplicates each event with the given probability, the copies after the originals", () => {
    expect(applyFaults(items, { duplicate: 1, reorder: false }, seededRandom(1))).toEqual([
      ...items,
      ...items,
    ]);
    const some = applyFaults(items, { duplicate: 0.5, reorder: false }, seededRandom(3));
    expect(some.slice(0, 4)).toEqual(items);
    expect(some.length).toBeGreaterThan(4);
    expect(some.length).toBeLessThan(8);
  });

  it("reorders into a different order of the same events, reproducibly for a seed", () => {
    for (let seed = 0; seed < 50; seed++) {
      const out = applyFaults(["x", "y"], { duplicate: 0, reorder: true }, seededRandom(seed));
      expect(out).toEqual(["y", "x"]);
    }
    const a = applyFaults(items, { duplicate: 0, reorder: true }, seededRandom(42));
    expect(a).not.toEqual(items);
    expect([...a].sort()).toEqual(items);
    expect(applyFaults(items, { duplicate: 0, reorder: true }, seededRandom(42))).toEqual(a);
  });
});
