import { randomUUID } from "node:crypto";
import type { BlobServiceClient } from "@azure/storage-blob";
import { deliveryOutcome } from "./retry.js";

/** What Event Grid adds to a dead-lettered event (delivery-and-retry.md, "Dead-letter events"). */
export interface DeadLetterInfo {
  readonly deadLetterReason: string;
  readonly deliveryAttempts: number;
  readonly lastDeliveryOutcome: string;
  readonly lastHttpStatusCode: number;
  readonly publishTime: string;
  readonly lastDeliveryAttemptTime: string;
}

export function deadLetterInfo(
  reason: string,
  attempts: number,
  lastStatus: number | undefined,
  publishedAt: number,
  now: number,
): DeadLetterInfo {
  return {
    deadLetterReason: reason,
    deliveryAttempts: attempts,
    lastDeliveryOutcome: deliveryOutcome(lastStatus),
    lastHttpStatusCode: lastStatus ?? 0,
    publishTime: new Date(publishedAt).toISOString(),
    lastDeliveryAttemptTime: new Date(now).toISOString(),
  };
}

export interface DeadLetterSink {
  write(
    subscription: string,
    container: string,
    event: Record<string, unknown>,
    info: DeadLetterInfo,
  ): Promise<string>;
}

/**
 * Event Grid's blob layout (manage-event-delivery.md): `<SUBSCRIPTION NAME IN UPPER CASE>/<yyyy>/<M>/<d>/<H>/
 * <guid>.json`, date parts UTC and not zero-padded, each blob an array of events.
 */
export function deadLetterBlobName(subscription: string, at: Date, id: string = randomUUID()): string {
  const parts = [at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate(), at.getUTCHours()];
  return `${subscription.toUpperCase()}/${parts.join("/")}/${id}.json`;
}

/**
 * Writes dead letters to the stack's Azurite. Event Grid drops a dead letter whose container is missing;
 * locally we create it, since no infrastructure step does (decision in docs/adr, Event Grid emulator).
 */
export function blobDeadLetterSink(
  service: BlobServiceClient,
  now: () => Date = () => new Date(),
): DeadLetterSink {
  return {
    async write(subscription, container, event, info) {
      const client = service.getContainerClient(container);
      await client.createIfNotExists();
      const name = deadLetterBlobName(subscription, now());
      const body = JSON.stringify([{ ...event, ...info }]);
      await client.getBlockBlobClient(name).upload(body, Buffer.byteLength(body), {
        blobHTTPHeaders: { blobContentType: "application/json" },
      });
      return name;
    },
  };
}

/** Event Grid writes a dead letter about five minutes after the last attempt; until then it is pending. */
export class DeadLetterQueue {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly sink: DeadLetterSink,
    private readonly delayMs: number,
  ) {}

  get pending(): number {
    return this.timers.size;
  }

  /** Resolves with the blob written; never settles when stopped first. */
  add(
    subscription: string,
    container: string,
    event: Record<string, unknown>,
    info: DeadLetterInfo,
  ): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.sink.write(subscription, container, event, info).then(resolve, reject);
      }, this.delayMs);
      this.timers.add(timer);
    });
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
