/**
 * Debounce by arrival time (V2): the quiet window and the dedupe window are measured from when the ingress
 * received each file, not from when the orchestration processed it. Under a backlog the engine may see a
 * burst minutes late; measured at arrival, a partition still looks exactly as quiet as it was.
 */
import {
  applyFile,
  initialState,
  nextDeadline,
  type DebounceSettings,
  type DebounceState,
  type FileVersion,
} from "./debounce.js";
import type { LandedFileV2 } from "./landing.contracts.js";

export interface ArrivalState {
  readonly debounce: DebounceState;
  /** Latest arrival of any event, duplicates included: the instance stays up a dedupe window after it. */
  readonly lastEventAt: string;
}

const later = (a: string, b: string) => (a < b ? b : a);

export const versionOf = (f: LandedFileV2): FileVersion => ({
  path: f.path,
  eTag: f.eTag,
  contentLength: f.contentLength,
  sequencer: f.sequencer,
  isMarker: f.isMarker,
});

/** The state of a new instance, before its first files are applied. */
export function startArrivals(first: readonly LandedFileV2[], fallback: string): ArrivalState {
  const earliest = first.map((f) => f.receivedAt).sort()[0] ?? fallback;
  return { debounce: initialState(earliest), lastEventAt: earliest };
}

/**
 * Applies files in arrival order. A change moves the quiet window to its own arrival (never backwards,
 * as reordered deliveries may carry earlier stamps); a marker starts its settle delay at its arrival.
 */
export function applyArrivals(state: ArrivalState, files: readonly LandedFileV2[]): ArrivalState {
  let { debounce, lastEventAt } = state;
  const ordered = [...files].sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : 1));
  for (const f of ordered) {
    debounce = applyFile(debounce, versionOf(f), later(debounce.lastChangeAt, f.receivedAt)).state;
    lastEventAt = later(lastEventAt, f.receivedAt);
  }
  return { debounce, lastEventAt };
}

const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

/** The dedupe window after the last event: before it the instance certainly still receives events. */
export function liveUntil(state: ArrivalState, settings: DebounceSettings): string {
  return plus(state.lastEventAt, settings.dedupeSeconds);
}

/** As `nextDeadline`, except that the instance finishes a dedupe window after the last event of any kind. */
export function arrivalDeadline(
  state: ArrivalState,
  settings: DebounceSettings,
): { at: string; action: "fire" | "finish" } {
  if (state.debounce.pending) return nextDeadline(state.debounce, settings);
  return { at: liveUntil(state, settings), action: "finish" };
}
