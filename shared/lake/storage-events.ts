import { EventGridDeserializer, isSystemEvent, type CloudEvent, type EventGridEvent } from "@azure/eventgrid";
import { z } from "zod";
import { lakePathProblem } from "./lake-path.js";

/** A finished write of one file, from a BlobCreated event of either API family. */
export interface BlobWrite {
  readonly eventId: string;
  readonly account: string;
  readonly filesystem: string;
  readonly path: string;
  readonly eTag: string;
  readonly contentLength: number;
  /** The storage operation: FlushWithClose (DFS) or PutBlob / PutBlockList / CopyBlob (Blob API). */
  readonly api: CompletingApi;
  /** Orders events of one blob name by string comparison (Event Grid docs, `sequencer`). */
  readonly sequencer: string;
  readonly eventTime: string;
}

/** What one delivered event means to us. `ignored` is normal traffic; `rejected` is worth a warning. */
export type StorageEventResult =
  | { readonly kind: "write"; readonly write: BlobWrite }
  | { readonly kind: "ignored"; readonly eventId: string; readonly reason: string }
  | { readonly kind: "rejected"; readonly eventId: string | undefined; readonly reason: string };

export type CompletingApi = "FlushWithClose" | "PutBlob" | "PutBlockList" | "CopyBlob";
// DFS writes fire CreateFile (always empty) and then FlushWithClose; only the latter means "written".
const COMPLETING: ReadonlySet<string> = new Set(["FlushWithClose", "PutBlob", "PutBlockList", "CopyBlob"]);
const ACCOUNT = /\/providers\/Microsoft\.Storage\/storageAccounts\/([a-z0-9]{3,24})$/i;
const SUBJECT = /^\/blobServices\/default\/containers\/([^/]+)\/blobs\/(.+)$/s;

const blobCreatedData = z.object({
  api: z.string(),
  eTag: z.string().min(1),
  contentLength: z.number().int().nonnegative(),
  sequencer: z.string().default(""),
  url: z.string(),
});

const deserializer = new EventGridDeserializer();
type AnyEvent = EventGridEvent<unknown> | CloudEvent<unknown>;

/** Which schema a delivered object is in; CloudEvents carry `specversion`. */
export function isCloudEvent(raw: unknown): boolean {
  return typeof raw === "object" && raw !== null && "specversion" in raw;
}

/**
 * Parses one delivered event (Event Grid schema or CloudEvents 1.0) with @azure/eventgrid's strict
 * deserializer. Never throws: malformed input is `rejected`, other storage events are `ignored`.
 */
export async function parseStorageEvent(raw: unknown): Promise<StorageEventResult> {
  const id = typeof raw === "object" && raw !== null && "id" in raw ? String(raw.id) : undefined;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    return { kind: "rejected", eventId: id, reason: "event is not a JSON object" };
  let event: AnyEvent | undefined;
  try {
    const record = raw as Record<string, unknown>;
    const parsed = isCloudEvent(raw)
      ? await deserializer.deserializeCloudEvents(record)
      : await deserializer.deserializeEventGridEvents(record);
    event = parsed[0];
  } catch (err) {
    return { kind: "rejected", eventId: id, reason: `malformed event: ${(err as Error).message}` };
  }
  if (event === undefined) return { kind: "rejected", eventId: id, reason: "no event" };
  return fromEvent(event);
}

function fromEvent(event: AnyEvent): StorageEventResult {
  const isCloud = "source" in event;
  const type = isCloud ? event.type : event.eventType;
  const eventId = event.id;
  const blobCreated = isCloud
    ? isSystemEvent("Microsoft.Storage.BlobCreated", event)
    : isSystemEvent("Microsoft.Storage.BlobCreated", event);
  if (!blobCreated) {
    if (type.startsWith("Microsoft.Storage."))
      return { kind: "ignored", eventId, reason: `${type} starts nothing` };
    return { kind: "rejected", eventId, reason: `${type} is not a storage system event` };
  }
  const account = ACCOUNT.exec(isCloud ? event.source : (event.topic ?? ""))?.[1]?.toLowerCase();
  if (account === undefined)
    return { kind: "rejected", eventId, reason: "event source is not a storage account" };
  const subject = SUBJECT.exec(event.subject ?? "");
  if (subject === null) return { kind: "rejected", eventId, reason: "subject is not a blob path" };
  const [, filesystem = "", path = ""] = subject;
  const data = blobCreatedData.safeParse(event.data);
  if (!data.success)
    return { kind: "rejected", eventId, reason: "BlobCreated data lacks api, eTag, contentLength or url" };
  const { api, eTag, contentLength, sequencer } = data.data;
  if (!COMPLETING.has(api)) return { kind: "ignored", eventId, reason: `${api} does not finish a write` };
  if (path.endsWith("/")) return { kind: "ignored", eventId, reason: "directory placeholder" };
  const problem = lakePathProblem(path) ?? lakePathProblem(filesystem);
  if (problem !== undefined) return { kind: "rejected", eventId, reason: problem };
  const time = isCloud ? event.time : event.eventTime;
  const eventTime = time instanceof Date ? time.toISOString() : String(time ?? "");
  return {
    kind: "write",
    write: {
      eventId,
      account,
      filesystem,
      path,
      eTag,
      contentLength,
      api: api as CompletingApi,
      sequencer,
      eventTime,
    },
  };
}
