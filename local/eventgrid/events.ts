import { randomUUID } from "node:crypto";
import type { DeliverySchema } from "./config.js";

/**
 * `Microsoft.Storage.BlobCreated` in the shapes Azure documents for blob-API writes (MicrosoftDocs
 * azure-docs articles/event-grid/event-schema-blob-storage.md; ../shared/reference/azure-local.md §2):
 * topic/source is the account's resource id, subject `/blobServices/default/containers/<c>/blobs/<path>`,
 * `dataVersion` "" and `metadataVersion` "1". Azurite has no DFS endpoint, so CreateFile/FlushWithClose
 * never occur locally.
 */

/** A committed write the watcher saw: one new or overwritten blob version (one eTag). */
export interface BlobChange {
  readonly account: string;
  readonly container: string;
  readonly name: string;
  readonly eTag: string;
  readonly contentLength: number;
  readonly contentType: string;
  readonly blobType: "BlockBlob" | "AppendBlob" | "PageBlob";
  readonly api: "PutBlob" | "PutBlockList" | "CopyBlob";
  /** The blob's URL on the Azurite blob endpoint (what a consumer can read it from). */
  readonly url: string;
  readonly sequencer: string;
  readonly time: string;
}

/** An event in the Event Grid schema: the emulator's internal form, converted per subscription. */
export interface EventGridEvent {
  readonly id: string;
  readonly topic: string;
  readonly subject: string;
  readonly eventType: string;
  readonly eventTime: string;
  readonly data: Record<string, unknown>;
  readonly dataVersion: string;
  readonly metadataVersion: "1";
}

/** A fixed, obviously local subscription id: the topic has the real shape without naming a real tenant. */
export const localSubscriptionId = "00000000-0000-0000-0000-000000000000";

export function storageTopic(account: string): string {
  return `/subscriptions/${localSubscriptionId}/resourceGroups/local-stack/providers/Microsoft.Storage/storageAccounts/${account}`;
}

export function blobSubject(container: string, name: string): string {
  return `/blobServices/default/containers/${container}/blobs/${name}`;
}

/**
 * Event Grid's `sequencer` is an opaque 48-hex-digit string that orders the events of one blob name by
 * string comparison. Ours: the time in milliseconds, then a counter that breaks ties within a millisecond.
 */
export function createSequencer(now: () => number = Date.now): () => string {
  let last = 0;
  let counter = 0;
  return () => {
    const ms = Math.max(now(), last);
    counter = ms === last ? counter + 1 : 0;
    last = ms;
    return (
      ms.toString(16).toUpperCase().padStart(32, "0") + counter.toString(16).toUpperCase().padStart(16, "0")
    );
  };
}

export function blobCreatedEvent(change: BlobChange, id: string = randomUUID()): EventGridEvent {
  return {
    id,
    topic: storageTopic(change.account),
    subject: blobSubject(change.container, change.name),
    eventType: "Microsoft.Storage.BlobCreated",
    eventTime: change.time,
    data: {
      api: change.api,
      clientRequestId: randomUUID(),
      requestId: randomUUID(),
      eTag: change.eTag,
      contentType: change.contentType,
      contentLength: change.contentLength,
      blobType: change.blobType,
      accessTier: "Default",
      url: change.url,
      sequencer: change.sequencer,
      storageDiagnostics: { batchId: randomUUID() },
    },
    dataVersion: "",
    metadataVersion: "1",
  };
}

/** The same event as a CloudEvents 1.0 structured event, as Event Grid maps its fields. */
export function toCloudEvent(event: EventGridEvent): Record<string, unknown> {
  return {
    id: event.id,
    source: event.topic,
    subject: event.subject,
    type: event.eventType,
    time: event.eventTime,
    data: event.data,
    specversion: "1.0",
  };
}

export function inSchema(event: EventGridEvent, schema: DeliverySchema): Record<string, unknown> {
  return schema === "CloudEventSchemaV1_0" ? toCloudEvent(event) : { ...event };
}
