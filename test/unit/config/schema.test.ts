import { describe, expect, it } from "vitest";
import { configSchema, isStorageConnectionString } from "../../../shared/config/schema.js";

const base = { FUNCTIONS_WORKER_RUNTIME: "node", AzureWebJobsStorage: "UseDevelopmentStorage=true" };
const hubOk = (hub: string) => configSchema.safeParse({ ...base, DURABLE_TASK_HUB: hub }).success;

describe("DURABLE_TASK_HUB", () => {
  it.each(["abc", "MlOrchestrator", "Hub2", "a".repeat(45)])("accepts %s", (hub) => {
    expect(hubOk(hub)).toBe(true);
  });

  it.each(["ab", "a".repeat(46), "1hub", "ml-hub", "ml_hub", "hub name"])("rejects %s", (hub) => {
    expect(hubOk(hub)).toBe(false);
  });
});

describe("isStorageConnectionString", () => {
  it.each([
    "UseDevelopmentStorage=true",
    "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.windows.net",
    "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;",
    "BlobEndpoint=https://acct.blob.core.windows.net;SharedAccessSignature=sv=2022&sig=abc",
  ])("accepts %s", (value) => {
    expect(isStorageConnectionString(value)).toBe(true);
  });

  it.each([
    "UseDevelopmentStorage=false",
    "AccountName=acct",
    "AccountKey=a2V5",
    "https://acct.blob.core.windows.net",
    "",
  ])("rejects %j", (value) => {
    expect(isStorageConnectionString(value)).toBe(false);
  });
});
