import { eventGridEvent } from "../unit/lake/samples.js";

export const PARTITIONS = 200;
export const FILES_PER_PARTITION = 50;

/** Deterministic shuffle (mulberry32), so a run can be reproduced. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  let a = seed;
  const random = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * 200 daily partitions × 50 CSV files of the churn sidecar's local trigger (account devstoreaccount1,
 * filesystem landing, no marker: the quiet window closes each partition), each BlobCreated
 * (FlushWithClose, Event Grid schema) delivered twice with the same id, shuffled together.
 */
export function landingEvents(partitions = PARTITIONS): string[] {
  const events: string[] = [];
  const day0 = Date.UTC(2025, 0, 1);
  for (let p = 0; p < partitions; p++) {
    const date = new Date(day0 + p * 86_400_000).toISOString().slice(0, 10);
    for (let f = 0; f < FILES_PER_PARTITION; f++) {
      const n = p * FILES_PER_PARTITION + f;
      const event = eventGridEvent({
        account: "devstoreaccount1",
        filesystem: "landing",
        path: `churn/customers/date=${date}/part-${String(f).padStart(5, "0")}.csv`,
        api: "FlushWithClose",
        eTag: `0x8DCE0F5B${n.toString(16).padStart(8, "0").toUpperCase()}`,
        sequencer: n.toString(16).padStart(48, "0"),
        id: `bench-${n}`,
      });
      const body = JSON.stringify([event]);
      events.push(body, body);
    }
  }
  return shuffle(events, 2026);
}
