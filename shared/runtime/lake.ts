import type { TokenCredential } from "@azure/identity";
import { BlobServiceClient } from "@azure/storage-blob";
import { ConfigError } from "../errors/taxonomy.js";
import { blobLake } from "../lake/blob-store.js";
import type { Lake } from "../lake/store.js";

export interface LakeSettings {
  readonly connectionString?: string | undefined;
}

export interface LakeDeps {
  readonly credential: () => TokenCredential;
}

/** The lake the app writes to: the Blob API with a connection string (Azurite), else DFS with Entra ID. */
export function createLake(settings: LakeSettings, _deps: LakeDeps): Lake {
  if (settings.connectionString !== undefined)
    return blobLake(BlobServiceClient.fromConnectionString(settings.connectionString));
  return {
    at() {
      throw new ConfigError([
        { name: "LAKE_CONNECTION_STRING", reason: "is required until the DFS lake client lands (issue #7)" },
      ]);
    },
  };
}
