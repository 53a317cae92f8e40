import type { ContainerClient } from "@azure/storage-blob";
import type { AppendStore } from "./ledger-store.js";

const statusOf = (err: unknown): number | undefined =>
  typeof err === "object" && err !== null && "statusCode" in err && typeof err.statusCode === "number"
    ? err.statusCode
    : undefined;

/**
 * The ledger's {@link AppendStore} on append blobs in the lake container: each record is one Append
 * Block, which the service applies atomically at the end, so concurrent writers never interleave
 * within a line. Works on Azurite and on Blob-API access to ADLS Gen2 (ADR 0012: Blob API locally).
 */
export function appendBlobStore(container: ContainerClient): AppendStore {
  return {
    async read(path) {
      try {
        const buffer = await container.getBlobClient(path).downloadToBuffer();
        return buffer.toString("utf8");
      } catch (err) {
        if (statusOf(err) === 404) return null;
        throw err;
      }
    },
    async append(path, text) {
      const blob = container.getAppendBlobClient(path);
      // createIfNotExists never truncates an existing ledger (a plain create would replace it).
      await blob.createIfNotExists({ blobHTTPHeaders: { blobContentType: "application/x-ndjson" } });
      const bytes = Buffer.from(text, "utf8");
      await blob.appendBlock(bytes, bytes.byteLength);
    },
  };
}
