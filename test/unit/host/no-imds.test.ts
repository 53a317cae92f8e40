import { DefaultAzureCredential } from "@azure/identity";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { installCoreShim } from "../../../local/host/core-shim.js";
import { loadApp } from "../../../local/host/loader.js";
import { keepCredentialsOffImds } from "../../../local/host/no-imds.js";

const STORAGE = "https://storage.azure.com/.default";

describe("the local host and Azure credentials", () => {
  // A loopback stand-in for IMDS: AZURE_POD_IDENTITY_AUTHORITY_HOST moves the probe here, so a credential
  // that would have called 169.254.169.254 shows up as a request instead of leaving the machine.
  let imds: Server;
  let probes: string[];
  const saved = { ...process.env };
  beforeAll(async () => {
    imds = createServer((req, res) => {
      probes.push(req.url ?? "");
      res.writeHead(400, { "content-type": "application/json" }).end('{"error":"invalid_request"}');
    });
    await new Promise<void>((resolve) => imds.listen(0, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => imds.close(() => resolve())));
  afterEach(() => {
    process.env = { ...saved };
  });

  async function tokenAttempt(): Promise<void> {
    probes = [];
    process.env["AZURE_POD_IDENTITY_AUTHORITY_HOST"] =
      `http://127.0.0.1:${(imds.address() as AddressInfo).port}`;
    await new DefaultAzureCredential().getToken(STORAGE).catch(() => undefined);
  }

  it("loading an app sets the developer chain when nothing was chosen", async () => {
    delete process.env["AZURE_TOKEN_CREDENTIALS"];
    installCoreShim();
    await loadApp("test/fixtures/apps/esm-app", 0);
    expect(process.env["AZURE_TOKEN_CREDENTIALS"]).toBe("dev");
  });

  it.each(["prod", "ManagedIdentityCredential", "WorkloadIdentityCredential", "EnvironmentCredential"])(
    "overrides AZURE_TOKEN_CREDENTIALS=%s with dev, saying why",
    (chosen) => {
      const env: NodeJS.ProcessEnv = { AZURE_TOKEN_CREDENTIALS: chosen };
      expect(keepCredentialsOffImds(env)).toContain("IMDS");
      expect(env["AZURE_TOKEN_CREDENTIALS"]).toBe("dev");
    },
  );

  it.each(["dev", "AzureCliCredential", "azuredeveloperclicredential"])(
    "keeps a developer choice (%s)",
    (chosen) => {
      const env: NodeJS.ProcessEnv = { AZURE_TOKEN_CREDENTIALS: chosen };
      expect(keepCredentialsOffImds(env)).toBeUndefined();
      expect(env["AZURE_TOKEN_CREDENTIALS"]).toBe(chosen);
    },
  );

  it("a DefaultAzureCredential made after the guard never calls IMDS, even if the user asked for prod", async () => {
    process.env["AZURE_TOKEN_CREDENTIALS"] = "prod";
    keepCredentialsOffImds();
    await tokenAttempt();
    expect(probes).toEqual([]);
  });

  it("(control) without the guard, the same credential does probe the IMDS stand-in", async () => {
    process.env["AZURE_TOKEN_CREDENTIALS"] = "ManagedIdentityCredential";
    await tokenAttempt();
    expect(probes.length).toBeGreaterThan(0);
    expect(probes[0]).toContain("/metadata/identity/oauth2/token");
  });
});
