import type { TokenCredential } from "@azure/identity";
import { BlobServiceClient } from "@azure/storage-blob";
import { DataLakeServiceClient } from "@azure/storage-file-datalake";
import { blobLake } from "../lake/blob-store.js";
import { dfsEndpoint, dfsLake } from "../lake/dfs-store.js";
import type { Lake } from "../lake/store.js";

export interface LakeSettings {
  readonly connectionString?: string | undefined;
}

export interface LakeDeps {
  /** Called on first use of an account only, so a lake that is never touched never builds a credential. */
  readonly credential: () => TokenCredential;
}

/** The lake the app writes to: the Blob API with a connection string (Azurite), else DFS with Entra ID. */
export function createLake(settings: LakeSettings, deps: LakeDeps): Lake {
  if (settings.connectionString !== undefined)
    return blobLake(BlobServiceClient.fromConnectionString(settings.connectionString));
  return dfsLake((account) => new DataLakeServiceClient(dfsEndpoint(account), deps.credential()));
}
