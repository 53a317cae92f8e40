/**
 * The per-partition debounce as a pure state machine (issue #7, "Dedupe and debounce"). The landing
 * orchestration feeds it one event at a time and asks it when to fire; everything here is JSON so the
 * state can sit in orchestration input and custom status.
 */

/** The partition's business key: one debounce instance per key. */
export interface PartitionKey {
  readonly trigger: string;
  readonly target: string;
  readonly account: string;
  readonly filesystem: string;
  readonly partition: string;
}

/** The trigger settings the debounce needs, in seconds. */
export interface DebounceSettings {
  readonly quietSeconds: number;
  readonly markerSettleSeconds: number;
  readonly dedupeSeconds: number;
}

/** One version of one file. */
export interface FileVersion {
  readonly path: string;
  readonly eTag: string;
  readonly contentLength: number;
  readonly sequencer: string;
  readonly isMarker: boolean;
}

export interface DebounceState {
  /** Latest known version per path (data files and marker), sorted by path. */
  readonly files: readonly FileVersion[];
  /** Changes not yet handed to a pipeline. */
  readonly pending: boolean;
  /** When a new marker version arrived since the last batch (ISO), if one did. */
  readonly markerAt: string | null;
  /** Last accepted change (ISO). */
  readonly lastChangeAt: string;
  readonly batches: number;
}

/** A partition's files handed to one pipeline run. */
export interface Batch {
  readonly files: readonly FileVersion[];
  readonly marker: FileVersion | null;
}

export type ApplyEffect = "added" | "updated" | "duplicate" | "stale";

export function initialState(now: string): DebounceState {
  return { files: [], pending: false, markerAt: null, lastChangeAt: now, batches: 0 };
}

/**
 * Applies one delivered file event. Same path and eTag is a duplicate (Event Grid is at-least-once);
 * an older `sequencer` for a known path is a reordered, superseded write. Sequencers of one blob name
 * compare as strings (Event Grid docs); an empty one cannot be ordered and counts as newer.
 */
export function applyFile(
  state: DebounceState,
  file: FileVersion,
  now: string,
): { state: DebounceState; effect: ApplyEffect } {
  const known = state.files.find((f) => f.path === file.path);
  if (known?.eTag === file.eTag) return { state, effect: "duplicate" };
  if (known && file.sequencer !== "" && known.sequencer !== "" && file.sequencer < known.sequencer) {
    return { state, effect: "stale" };
  }
  const files = [...state.files.filter((f) => f.path !== file.path), file].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  );
  const next: DebounceState = {
    ...state,
    files,
    pending: true,
    markerAt: file.isMarker ? now : state.markerAt,
    lastChangeAt: now,
  };
  return { state: next, effect: known ? "updated" : "added" };
}

const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

/**
 * When to act next. With pending changes: the quiet window after the last change, or — once the marker
 * has landed — the short settle delay (for events delivered out of order), whichever comes first.
 * Without pending changes: the end of the dedupe window, after which the instance may finish.
 */
export function nextDeadline(
  state: DebounceState,
  settings: DebounceSettings,
): { at: string; action: "fire" | "finish" } {
  if (!state.pending) return { at: plus(state.lastChangeAt, settings.dedupeSeconds), action: "finish" };
  const quiet = plus(state.lastChangeAt, settings.quietSeconds);
  if (state.markerAt === null) return { at: quiet, action: "fire" };
  const settled = plus(state.lastChangeAt, settings.markerSettleSeconds);
  return { at: settled < quiet ? settled : quiet, action: "fire" };
}

/** Hands the current partition content to a pipeline and starts a new debounce round. */
export function takeBatch(state: DebounceState): { state: DebounceState; batch: Batch } {
  const batch: Batch = {
    files: state.files.filter((f) => !f.isMarker),
    marker: state.files.find((f) => f.isMarker) ?? null,
  };
  return { state: { ...state, pending: false, markerAt: null, batches: state.batches + 1 }, batch };
}
