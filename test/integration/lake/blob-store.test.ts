import { BlobServiceClient } from "@azure/storage-blob";
import { afterAll, beforeAll } from "vitest";
import { blobLake } from "../../../shared/lake/blob-store.js";
import type { LakeFiles } from "../../../shared/lake/store.js";
import { startAzurite } from "../deploy-on-push/azurite.js";
import { lakeFilesBehaviour } from "./lake-files.suite.js";

let azurite: Awaited<ReturnType<typeof startAzurite>> | undefined;
let files: LakeFiles | undefined;

beforeAll(async () => {
  azurite = await startAzurite();
  const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
  files = blobLake(service).at({ account: "devstoreaccount1", filesystem: "lake" });
}, 120_000);
afterAll(async () => {
  await azurite?.stop();
});

lakeFilesBehaviour("Blob store on Azurite", () => files!);
