import { describe, expect, it } from "vitest";
import { installCoreShim } from "../../../local/host/core-shim.js";
import { loadApp } from "../../../local/host/loader.js";

describe("the local host and Azure credentials", () => {
  it("keeps DefaultAzureCredential off managed identity (no IMDS probe) unless the user chose a chain", async () => {
    delete process.env.AZURE_TOKEN_CREDENTIALS;
    installCoreShim();
    await loadApp("test/fixtures/apps/esm-app", 0);
    expect(process.env.AZURE_TOKEN_CREDENTIALS).toBe("dev");
  });
});
