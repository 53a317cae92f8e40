/** Time source of the engine. Tests inject a VirtualClock so timers of days fire in milliseconds. */
export interface Clock {
  now(): number;
  /** Calls `fn` once `at` (epoch ms) has been reached; returns a cancel function. */
  wakeAt(at: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  wakeAt(at, fn) {
    // setTimeout caps at 2^31-1 ms; a long timer is re-armed by the engine's next scheduling pass.
    const handle = setTimeout(fn, Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1));
    handle.unref();
    return () => clearTimeout(handle);
  },
};

/** A clock that only moves when told to; pending wake-ups whose time has come run on `advance`. */
export class VirtualClock implements Clock {
  private pending = new Set<{ at: number; fn: () => void }>();

  constructor(private current = Date.parse("2026-01-01T00:00:00.000Z")) {}

  now(): number {
    return this.current;
  }

  wakeAt(at: number, fn: () => void): () => void {
    const entry = { at, fn };
    this.pending.add(entry);
    if (at <= this.current) queueMicrotask(() => this.fire(entry));
    return () => this.pending.delete(entry);
  }

  advance(ms: number): void {
    this.current += ms;
    for (const entry of [...this.pending]) if (entry.at <= this.current) this.fire(entry);
  }

  private fire(entry: { at: number; fn: () => void }): void {
    if (this.pending.delete(entry)) entry.fn();
  }
}
