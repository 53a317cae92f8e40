import type { Clock } from "../../../shared/databricks/clock.js";

/**
 * Timers keyed by run or task run id: timeouts (`timeout_seconds`, real time, like the processes they
 * stop) and retry waits (`min_retry_interval_millis`, on the injected clock so tests can drive them).
 */
export class Timers {
  private readonly cancels = new Map<string, () => void>();

  constructor(private readonly clock: Clock) {}

  timeout(id: string, seconds: number, fire: () => void): void {
    if (seconds <= 0) return;
    const timer = setTimeout(fire, seconds * 1000);
    this.cancels.set(id, () => clearTimeout(timer));
  }

  /** A wait of 0 needs no clock: it fires on the next turn, so WAITING_FOR_RETRY is still seen once. */
  wait(id: string, ms: number, fire: () => void): void {
    const done = (): void => {
      this.cancels.delete(id);
      fire();
    };
    if (ms > 0) this.cancels.set(id, this.clock.timer(ms, done));
    else {
      const handle = setImmediate(done);
      this.cancels.set(id, () => clearImmediate(handle));
    }
  }

  clear(id: string): void {
    this.cancels.get(id)?.();
    this.cancels.delete(id);
  }

  clearAll(): void {
    for (const cancel of this.cancels.values()) cancel();
    this.cancels.clear();
  }
}
