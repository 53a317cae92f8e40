import { describe, expect, it } from "vitest";
import {
  applyFile,
  initialState,
  nextDeadline,
  takeBatch,
} from "../../../../shared/pipelines/landing/debounce.js";
import { file, settings } from "./files.js";

const t0 = "2026-11-25T10:00:00.000Z";
const at = (seconds: number) => new Date(Date.parse(t0) + seconds * 1000).toISOString();
const v = (n: number | "_SUCCESS", version = 1) => {
  const { path, eTag, contentLength, sequencer, isMarker } = file(n, version);
  return { path, eTag, contentLength, sequencer, isMarker };
};

describe("debounce state", () => {
  it("adds, then recognises duplicates and superseded (reordered) versions", () => {
    let state = applyFile(initialState(t0), v(1, 2), at(1)).state;
    expect(applyFile(state, v(1, 2), at(2)).effect).toBe("duplicate");
    expect(applyFile(state, v(1, 1), at(2)).effect).toBe("stale");
    const updated = applyFile(state, v(1, 3), at(3));
    expect(updated.effect).toBe("updated");
    state = updated.state;
    expect(state.files).toEqual([v(1, 3)]);
    expect(state.lastChangeAt).toBe(at(3));
  });

  it("keeps files sorted by path so equal contents give equal batches", () => {
    const a = [v(3), v(1), v(2)].reduce((s, f, i) => applyFile(s, f, at(i)).state, initialState(t0));
    const b = [v(2), v(3), v(1)].reduce((s, f, i) => applyFile(s, f, at(i)).state, initialState(t0));
    expect(a.files).toEqual(b.files);
  });

  it("fires after the quiet window, or sooner once the marker has settled, and finishes after the dedupe window", () => {
    let state = applyFile(initialState(t0), v(1), at(10)).state;
    expect(nextDeadline(state, settings)).toEqual({ at: at(130), action: "fire" });
    state = applyFile(state, v("_SUCCESS"), at(20)).state;
    expect(nextDeadline(state, settings)).toEqual({ at: at(25), action: "fire" });
    state = applyFile(state, v(2), at(22)).state; // a late event after the marker extends the settle delay
    expect(nextDeadline(state, settings)).toEqual({ at: at(27), action: "fire" });
    const { state: after, batch } = takeBatch(state);
    expect(batch).toEqual({ files: [v(1), v(2)], marker: v("_SUCCESS") });
    expect(after).toMatchObject({ pending: false, markerAt: null, batches: 1 });
    expect(nextDeadline(after, settings)).toEqual({ at: at(22 + 3600), action: "finish" });
  });

  it("does not reopen a batch for duplicates after it was taken", () => {
    const taken = takeBatch(applyFile(initialState(t0), v(1), at(0)).state).state;
    expect(applyFile(taken, v(1), at(5))).toEqual({ state: taken, effect: "duplicate" });
  });
});
