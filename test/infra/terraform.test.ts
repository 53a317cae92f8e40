import { readFileSync } from "node:fs";
import { basename, dirname, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { filesUnder, infraDir, loadConfig, loadInfra, parseHcl, type TfConfig } from "./hcl.js";
import { invariants } from "./invariants.js";

// Issue #9: every .tf file parses with a real HCL parser, and the security/operability invariants hold.
// Each invariant is also run on a deliberately bad configuration, so none of them can pass vacuously.

const BAD = `
resource "azurerm_storage_account" "leaky" {
  name                            = "leaky"
  min_tls_version                 = "TLS1_0"
  https_traffic_only_enabled      = false
  allow_nested_items_to_be_public = true
  shared_access_key_enabled       = true
}
resource "azurerm_storage_container" "open" {
  name                  = "open"
  container_access_type = "blob"
}
resource "azurerm_function_app_flex_consumption" "old" {
  runtime_name                = "node"
  runtime_version             = "20"
  storage_authentication_type = "StorageAccountConnectionString"
  storage_access_key          = azurerm_storage_account.leaky.primary_access_key
  app_settings = {
    AzureWebJobsStorage      = azurerm_storage_account.leaky.primary_connection_string
    FUNCTIONS_WORKER_RUNTIME = "node"
  }
  site_config {
    minimum_tls_version = "1.0"
  }
  tags = { owner = "nobody" }
}
resource "azurerm_eventgrid_system_topic_event_subscription" "lossy" {
  name = "lossy"
  advanced_filter {
    string_in {
      key    = "data.api"
      values = ["CreateFile", "FlushWithClose"]
    }
  }
}
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 3.0" }
  }
}
`;

describe("infra/ Terraform", () => {
  let config: TfConfig;
  let bad: TfConfig;

  beforeAll(async () => {
    config = await loadInfra();
    bad = await loadConfig({ "bad.tf": BAD });
  });

  it("parses every .tf, .tfvars.example and .hcl.example file", async () => {
    const files = filesUnder(infraDir, [".tf", ".tfvars.example", ".hcl.example"]);
    expect(files.filter((f) => f.endsWith(".tf")).length).toBeGreaterThan(5);
    for (const file of files) {
      await expect(
        parseHcl(basename(file), readFileSync(file, "utf8")),
        relative(infraDir, file),
      ).resolves.toBeTypeOf("object");
    }
  });

  it("rejects HCL that does not parse", async () => {
    await expect(parseHcl("broken.tf", 'resource "a" "b" {\n  x = \n')).rejects.toThrow();
  });

  for (const [name, check] of Object.entries(invariants)) {
    it(`holds: ${name}`, () => {
      expect(check(config)).toEqual([]);
    });

    it(`detects a violation of: ${name}`, () => {
      expect(check(bad).length).toBeGreaterThan(0);
    });
  }

  it("gives every variable a description, a type, and validation where values are constrained", () => {
    for (const [name, v] of Object.entries(config.variables)) {
      expect(v.description, name).toBeTypeOf("string");
      expect(v.type, name).toBeDefined();
    }
    const validated = Object.values(config.variables).filter((v) => Array.isArray(v.validation)).length;
    expect(validated).toBeGreaterThanOrEqual(15);
  });

  it("has an example tfvars and backend per environment that only sets declared variables", async () => {
    for (const env of ["dev", "staging", "prod"]) {
      const tfvars = filesUnder(infraDir, ["terraform.tfvars.example"]).find(
        (f) => basename(dirname(f)) === env,
      );
      expect(tfvars, env).toBeDefined();
      const values = await parseHcl("terraform.tfvars", readFileSync(tfvars ?? "", "utf8"));
      expect(values.environment).toBe(env);
      for (const key of Object.keys(values))
        expect(Object.keys(config.variables), `${env}: ${key}`).toContain(key);
      expect(
        filesUnder(infraDir, ["backend.hcl.example"]).some((f) => basename(dirname(f)) === env),
        env,
      ).toBe(true);
    }
  });

  it("subscribes to committed lake writes with the Promotion app roles declared", () => {
    const subscription = config.resources.find(
      (r) => r.type === "azurerm_eventgrid_system_topic_event_subscription",
    );
    expect(JSON.stringify(subscription?.body.included_event_types)).toContain(
      "Microsoft.Storage.BlobCreated",
    );
    // Event Grid batches deliveries: one request and one raise per partition per batch (ADR 0029).
    expect(JSON.stringify(subscription?.body.azure_function_endpoint)).toContain('"max_events_per_batch":100');
    const app = config.resources.find((r) => r.type === "azuread_application");
    const roles = JSON.stringify(app?.body.app_role);
    expect(roles).toContain('"Promotion.Request"');
    expect(roles).toContain('"Promotion.Approve"');
  });

  it("delivers lake events to the Event Grid function the app registers", () => {
    const functions = readFileSync(`${infraDir}/../functions/landing.ts`, "utf8");
    const registered = [...functions.matchAll(/\.eventGrid\("([^"]+)"/g)].map((m) => m[1]);
    const variable = config.variables.event_grid_function_name as { default?: unknown } | undefined;
    expect(registered).toContain(variable?.default);
  });
});
