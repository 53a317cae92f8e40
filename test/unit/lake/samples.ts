/**
 * Storage events in the shapes Event Grid documents (MicrosoftDocs/azure-docs
 * articles/event-grid/event-schema-blob-storage.md): the same write in the Event Grid schema and in
 * CloudEvents 1.0, for DFS (CreateFile then FlushWithClose, dfs.core URL, dataVersion "2") and for the
 * Blob API (PutBlob/PutBlockList/CopyBlob, blob.core URL, dataVersion ""). Values are ours.
 */

export interface SampleWrite {
  readonly account?: string;
  readonly filesystem?: string;
  readonly path: string;
  readonly api: string;
  readonly eTag?: string;
  readonly contentLength?: number;
  readonly sequencer?: string;
  readonly id?: string;
  readonly type?: string;
}

const source = (account: string) =>
  `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-lake/providers/Microsoft.Storage/storageAccounts/${account}`;

function data(w: SampleWrite, account: string, filesystem: string) {
  const dfs = w.api === "CreateFile" || w.api === "FlushWithClose";
  const host = `${account}.${dfs ? "dfs" : "blob"}.core.windows.net`;
  return {
    api: w.api,
    clientRequestId: "5c24a322-35c9-4e38-8f23-4a1e2c8b7e11",
    requestId: "a1b2c3d4-601e-0012-7d3c-7f0a3a000000",
    eTag: w.eTag ?? "0x8DCE0F5B1A2B3C4",
    contentType: "text/csv",
    contentLength: w.contentLength ?? 1024,
    ...(dfs ? { contentOffset: 0 } : {}),
    blobType: "BlockBlob",
    url: `https://${host}/${filesystem}/${w.path}`,
    sequencer: w.sequencer ?? "00000000000000000000000000038A5B0000000000012345",
    storageDiagnostics: { batchId: "b1c2d3e4-2006-0071-00aa-bb0000000000" },
  };
}

/** Event Grid schema. */
export function eventGridEvent(w: SampleWrite): Record<string, unknown> {
  const account = w.account ?? "stchurndev";
  const filesystem = w.filesystem ?? "landing";
  const dfs = w.api === "CreateFile" || w.api === "FlushWithClose";
  return {
    topic: source(account),
    subject: `/blobServices/default/containers/${filesystem}/blobs/${w.path}`,
    eventType: w.type ?? "Microsoft.Storage.BlobCreated",
    eventTime: "2026-11-25T10:15:30.1234567Z",
    id: w.id ?? "831e1650-001e-001b-66ab-eeb76e069631",
    data: data(w, account, filesystem),
    dataVersion: dfs ? "2" : "",
    metadataVersion: "1",
  };
}

/** CloudEvents 1.0 schema (lower-case `specversion`, as the SDK requires). */
export function cloudEvent(w: SampleWrite): Record<string, unknown> {
  const account = w.account ?? "stchurndev";
  const filesystem = w.filesystem ?? "landing";
  return {
    source: source(account),
    subject: `/blobServices/default/containers/${filesystem}/blobs/${w.path}`,
    type: w.type ?? "Microsoft.Storage.BlobCreated",
    time: "2026-11-25T10:15:30.1234567Z",
    id: w.id ?? "831e1650-001e-001b-66ab-eeb76e069631",
    data: data(w, account, filesystem),
    specversion: "1.0",
  };
}

/** A directory event (DFS), which carries no eTag or length. */
export function directoryCreated(path: string): Record<string, unknown> {
  return {
    topic: source("stchurndev"),
    subject: `/blobServices/default/containers/landing/blobs/${path}`,
    eventType: "Microsoft.Storage.DirectoryCreated",
    eventTime: "2026-11-25T10:15:29.0000000Z",
    id: "d1e2f3a4-001e-001b-66ab-eeb76e069631",
    data: {
      api: "CreateDirectory",
      requestId: "d1e2f3a4-601e-0012-7d3c-7f0a3a000000",
      url: `https://stchurndev.dfs.core.windows.net/landing/${path}`,
      sequencer: "00000000000000000000000000038A5B0000000000012300",
    },
    dataVersion: "2",
    metadataVersion: "1",
  };
}

/** The subscription validation event Event Grid posts first (webhook-event-delivery.md). */
export function subscriptionValidation(code: string): Record<string, unknown> {
  return {
    id: "2d1781af-3a4c-4d7c-bd0c-e34b19da4e66",
    topic: "/subscriptions/00000000-0000-0000-0000-000000000001",
    subject: "",
    data: { validationCode: code, validationUrl: "https://rp-eastus2.eventgrid.azure.net/validate?code=x" },
    eventType: "Microsoft.EventGrid.SubscriptionValidationEvent",
    eventTime: "2026-11-25T10:00:00.0000000Z",
    metadataVersion: "1",
    dataVersion: "1",
  };
}
