import type { BlobServiceClient, ContainerClient } from "@azure/storage-blob";
import type { Lake, LakeFiles } from "./store.js";

const statusOf = (err: unknown): number | undefined =>
  typeof err === "object" && err !== null && "statusCode" in err && typeof err.statusCode === "number"
    ? err.statusCode
    : undefined;

/** {@link LakeFiles} over the Blob API of one container (a filesystem seen through the Blob endpoint). */
export function blobLakeFiles(container: ContainerClient): LakeFiles {
  return {
    async read(path) {
      try {
        return (await container.getBlobClient(path).downloadToBuffer()).toString("utf8");
      } catch (err) {
        if (statusOf(err) === 404) return null;
        throw err;
      }
    },
    async write(path, text, contentType = "application/json") {
      await container.createIfNotExists();
      const bytes = Buffer.from(text, "utf8");
      // A single Put Blob replaces the content atomically.
      await container
        .getBlockBlobClient(path)
        .upload(bytes, bytes.byteLength, { blobHTTPHeaders: { blobContentType: contentType } });
    },
    async append(path, text) {
      await container.createIfNotExists();
      const blob = container.getAppendBlobClient(path);
      // createIfNotExists never truncates an existing file (a plain create would replace it).
      await blob.createIfNotExists({ blobHTTPHeaders: { blobContentType: "application/x-ndjson" } });
      const bytes = Buffer.from(text, "utf8");
      // One Append Block is applied atomically at the end, so concurrent writers never interleave.
      await blob.appendBlock(bytes, bytes.byteLength);
    },
  };
}

/**
 * A {@link Lake} of the one account a connection string reaches (Azurite's devstoreaccount1 locally).
 * A location in another account is refused rather than silently written to the wrong one.
 */
export function blobLake(service: BlobServiceClient): Lake {
  return {
    at(location) {
      if (location.account !== service.accountName)
        throw new Error(
          `lake account ${location.account} is not reachable: LAKE_CONNECTION_STRING is for ${service.accountName}`,
        );
      return blobLakeFiles(service.getContainerClient(location.filesystem));
    },
  };
}
