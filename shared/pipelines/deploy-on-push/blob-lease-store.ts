import type { ContainerClient } from "@azure/storage-blob";
import { EMPTY_LEASE, type LeaseRecord } from "./lease.js";
import type { LeaseStore, VersionedLease } from "./lease-store.js";

/** The part of the Blob SDK's RestError we branch on. */
const statusOf = (err: unknown): number | undefined =>
  typeof err === "object" && err !== null && "statusCode" in err && typeof err.statusCode === "number"
    ? err.statusCode
    : undefined;

function parseRecord(text: string): LeaseRecord {
  const value = JSON.parse(text) as Partial<LeaseRecord> | null;
  // Our own writes only; a record missing a field is read as that field being empty.
  return { holder: value?.holder ?? null, waiting: value?.waiting ?? null, newest: value?.newest ?? null };
}

/**
 * Lease records as small JSON blobs (`leases/<key>.json`), versioned by ETag: a write carries
 * `If-Match: <etag>`, or `If-None-Match: *` for the first one, so two writers can never both win
 * (ADR 0017). Works the same against Azure Storage and Azurite.
 */
export function createBlobLeaseStore(container: ContainerClient): LeaseStore {
  let ready: Promise<unknown> | undefined;
  const blob = (key: string) => container.getBlockBlobClient(`leases/${key}.json`);
  return {
    async read(key: string): Promise<VersionedLease> {
      try {
        const response = await blob(key).download();
        const body = response.readableStreamBody;
        const chunks: Buffer[] = [];
        if (body) for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
        return {
          record: parseRecord(Buffer.concat(chunks).toString("utf8")),
          version: response.etag ?? null,
        };
      } catch (err) {
        if (statusOf(err) === 404) return { record: EMPTY_LEASE, version: null };
        throw err;
      }
    },
    async write(key: string, record: LeaseRecord, version: string | null): Promise<boolean> {
      ready ??= container.createIfNotExists().catch((err: unknown) => {
        ready = undefined;
        throw err;
      });
      await ready;
      const text = JSON.stringify(record);
      try {
        await blob(key).upload(text, Buffer.byteLength(text), {
          conditions: version === null ? { ifNoneMatch: "*" } : { ifMatch: version },
          blobHTTPHeaders: { blobContentType: "application/json" },
        });
        return true;
      } catch (err) {
        // 412: the ETag moved on; 409: someone created the blob first (If-None-Match: *).
        const status = statusOf(err);
        if (status === 412 || status === 409) return false;
        throw err;
      }
    },
  };
}
