/**
 * Switches that make local delivery as untidy as Event Grid may be in Azure, so the ingress's dedupe and
 * debounce are exercised: at-least-once delivery (the same event, same id, more than once) and no order
 * guarantee. Seeded, so a failing test can be replayed.
 */
export interface Faults {
  /** Probability (0-1) that an event is delivered a second time, with the same id. */
  readonly duplicate: number;
  /** Deliver the events of one scan in a shuffled order (never the original one when there are two or more). */
  readonly reorder: boolean;
}

export const noFaults: Faults = { duplicate: 0, reorder: false };

/** mulberry32: a small seeded generator; quality is ample for shuffling test traffic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The batch to deliver: duplicates appended after their originals, then shuffled when asked. */
export function applyFaults<T>(items: readonly T[], faults: Faults, random: () => number): T[] {
  const out = [...items];
  for (const item of items) if (faults.duplicate > 0 && random() < faults.duplicate) out.push(item);
  if (!faults.reorder || out.length < 2) return out;
  const before = [...out];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  // A shuffle may land on the original order; the switch promises a different one.
  if (out.every((x, i) => x === before[i])) out.reverse();
  return out;
}
