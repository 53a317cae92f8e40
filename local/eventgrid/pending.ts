/** One event waiting for its next delivery attempt. */
export interface Pending {
  readonly event: Record<string, unknown>;
  readonly publishedAt: number;
  attempts: number;
  readyAt: number;
}

/**
 * A subscription's undelivered events. The next one to send is the one ready first, not the oldest: a
 * failed event waits out its own retry delay while later ones go ahead (Event Grid does not keep order).
 */
export class PendingQueue {
  private readonly items: Pending[] = [];

  get length(): number {
    return this.items.length;
  }

  /** Events published at `at`, ready at once. */
  add(events: readonly Record<string, unknown>[], at: number): void {
    for (const event of events) this.items.push({ event, publishedAt: at, attempts: 0, readyAt: at });
  }

  /** The event ready soonest (the first of equals, so arrival order holds among ready events). */
  next(): Pending | undefined {
    return this.items.reduce<Pending | undefined>(
      (a, b) => (a === undefined || b.readyAt < a.readyAt ? b : a),
      undefined,
    );
  }

  /** Settled: delivered, dead-lettered or dropped. */
  remove(item: Pending): void {
    this.items.splice(this.items.indexOf(item), 1);
  }
}
