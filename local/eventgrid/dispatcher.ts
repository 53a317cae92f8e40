import type { Subscription } from "./config.js";
import { DeadLetterQueue, deadLetterInfo, type DeadLetterSink } from "./dead-letter.js";
import { postEvent, validateWebhook, type AttemptResult, type Target } from "./deliver.js";
import { PendingQueue, type Pending } from "./pending.js";
import { afterFailure, deadLetterDelaySeconds } from "./retry.js";

/** Counters a subscription reports through the emulator's /health (and that tests wait on). */
export interface SubscriptionStats {
  name: string;
  endpoint: string;
  schema: Subscription["eventDeliverySchema"];
  delivered: number;
  failedAttempts: number;
  deadLettered: number;
  dropped: number;
  pending: number;
  lastError?: string;
}

export interface DispatcherOptions {
  readonly timeScale: number;
  readonly responseTimeoutMs: number;
  readonly deadLetters: DeadLetterSink;
  readonly log: (message: string) => void;
  readonly now?: () => number;
}

/**
 * Delivers one subscription's events, one request at a time in arrival order, each failed event waiting
 * out its own retry delay while later ones go ahead (Event Grid does not keep order either).
 */
export class SubscriptionDispatcher {
  private readonly queue = new PendingQueue();
  private readonly counts = { delivered: 0, failedAttempts: 0, deadLettered: 0, dropped: 0 };
  private lastError: string | undefined;
  private validated = false;
  private busy = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly deadLetters: DeadLetterQueue;
  private readonly now: () => number;

  constructor(
    readonly subscription: Subscription,
    private readonly target: Target,
    private readonly options: DispatcherOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.deadLetters = new DeadLetterQueue(
      options.deadLetters,
      deadLetterDelaySeconds * 1_000 * options.timeScale,
    );
  }

  enqueue(events: readonly Record<string, unknown>[]): void {
    this.queue.add(events, this.now());
    this.pump();
  }

  stats(): SubscriptionStats {
    const e = this.subscription.endpoint;
    return {
      name: this.subscription.name,
      endpoint: "url" in e ? e.url : `function ${e.function}`,
      schema: this.subscription.eventDeliverySchema,
      ...this.counts,
      // Dead letters waiting out their delay count as pending: the event is not settled yet.
      pending: this.queue.length + this.deadLetters.pending,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
    };
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.deadLetters.stop();
  }

  private pump(): void {
    if (this.busy || this.stopped) return;
    clearTimeout(this.timer);
    const now = this.now();
    const next = this.queue.next();
    if (next === undefined) return;
    if (next.readyAt > now) {
      this.timer = setTimeout(() => this.pump(), next.readyAt - now);
      return;
    }
    this.busy = true;
    void this.attempt(next).finally(() => {
      this.busy = false;
      this.pump();
    });
  }

  private async attempt(item: Pending): Promise<void> {
    const result = await this.send(item);
    item.attempts += 1;
    if (result.status !== undefined && result.status >= 200 && result.status < 300) {
      this.counts.delivered += 1;
      this.queue.remove(item);
      return;
    }
    this.counts.failedAttempts += 1;
    this.lastError = result.error ?? `HTTP ${result.status}`;
    const decision = afterFailure(
      {
        attempts: item.attempts,
        status: result.status,
        endpoint: this.target.kind,
        ageMs: this.now() - item.publishedAt,
      },
      this.subscription.retryPolicy,
      this.options.timeScale,
    );
    if (decision.kind === "retry") {
      item.readyAt = this.now() + decision.delayMs;
      return;
    }
    this.queue.remove(item);
    this.deadLetter(item, decision.reason, result);
  }

  private async send(item: Pending): Promise<AttemptResult> {
    const url = this.target.url();
    if (url === undefined) return { status: undefined, error: "the local host has not written its keys yet" };
    if (this.target.kind === "webhook" && !this.validated) {
      const problem = await validateWebhook(url, this.subscription, this.options.responseTimeoutMs);
      if (problem !== undefined) return { status: undefined, error: `validation handshake: ${problem}` };
      this.validated = true;
    }
    return postEvent(url, this.subscription, item.event, item.attempts, this.options.responseTimeoutMs);
  }

  private deadLetter(item: Pending, reason: string, last: AttemptResult): void {
    const destination = this.subscription.deadLetterDestination;
    const id = String(item.event.id);
    const name = this.subscription.name;
    if (destination === undefined) {
      this.counts.dropped += 1;
      this.options.log(`${name}: dropped event ${id} (${reason}; no dead-letter destination)`);
      return;
    }
    const info = deadLetterInfo(reason, item.attempts, last.status, item.publishedAt, this.now());
    this.deadLetters.add(name, destination.blobContainerName, item.event, info).then(
      (blob) => {
        this.counts.deadLettered += 1;
        this.options.log(`${name}: dead-lettered event ${id} (${reason}) to ${blob}`);
      },
      (err: unknown) => {
        this.counts.dropped += 1;
        this.options.log(`${name}: could not dead-letter event ${id}: ${String(err)}`);
      },
    );
  }
}
