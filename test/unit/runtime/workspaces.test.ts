import type { TokenCredential } from "@azure/identity";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../shared/config/load.js";
import { ConfigError } from "../../../shared/errors/taxonomy.js";
import { createWorkspaces } from "../../../shared/runtime/workspaces.js";

const base = { FUNCTIONS_WORKER_RUNTIME: "node", AzureWebJobsStorage: "UseDevelopmentStorage=true" };
const noCredential = (): TokenCredential => {
  throw new Error("no credential may be made in this test");
};

function recordingFetch() {
  const calls: { url: string; auth: string | null }[] = [];
  const fetch = (url: string, init?: RequestInit) => {
    calls.push({ url, auth: new Headers(init?.headers).get("authorization") });
    return Promise.resolve(Response.json({ userName: "me@example.com" }));
  };
  return { calls, fetch };
}

describe("DATABRICKS_WORKSPACES", () => {
  it("maps targets to hosts, with * for the rest, and defaults auth from the credentials present", () => {
    const config = loadConfig({
      ...base,
      DATABRICKS_WORKSPACES: JSON.stringify({
        prod: { host: "https://adb-2.azuredatabricks.net/", auth: "entra" },
        "*": { host: "https://adb-1.azuredatabricks.net" },
      }),
      DATABRICKS_TOKEN: "dapi-x",
    });
    expect(config.databricks.workspaces).toEqual({
      prod: { host: "https://adb-2.azuredatabricks.net", auth: "entra" },
      "*": { host: "https://adb-1.azuredatabricks.net", auth: "pat" },
    });
  });

  it.each([
    ["not JSON", "{", "must be JSON"],
    ["no host", '{"a":{}}', "DATABRICKS_WORKSPACES"],
    ["unknown auth", '{"a":{"host":"https://h","auth":"basic"}}', "auth must be entra, oauth or pat"],
    ["bad key", '{"a b":{"host":"https://h"}}', "DATABRICKS_WORKSPACES: must be an object like"],
  ])("refuses %s", (_, value, reason) => {
    expect(() => loadConfig({ ...base, DATABRICKS_WORKSPACES: value })).toThrow(reason);
  });

  it("requires the token of a pat workspace and never echoes values", () => {
    let err: unknown;
    try {
      loadConfig({ ...base, DATABRICKS_WORKSPACES: '{"*":{"host":"https://h","auth":"pat"}}' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(String(err)).toContain("DATABRICKS_TOKEN: is required by a workspace with auth pat");
  });
});

describe("createWorkspaces", () => {
  it("gives each target its workspace's client, one per host, authenticated with the PAT", async () => {
    const { calls, fetch } = recordingFetch();
    const ws = createWorkspaces(
      {
        workspaces: {
          staging: { host: "http://127.0.0.1:1", auth: "pat" },
          "*": { host: "http://127.0.0.1:2", auth: "pat" },
        },
        token: "dapi-secret",
      },
      { credential: noCredential, fetch },
    );
    expect(ws.clientFor("dev")).toBe(ws.clientFor("prod"));
    expect(ws.clientFor("staging")).not.toBe(ws.clientFor("dev"));
    await ws.clientFor("staging").scim.me();
    expect(calls).toEqual([
      { url: "http://127.0.0.1:1/api/2.0/preview/scim/v2/Me", auth: "Bearer dapi-secret" },
    ]);
  });

  it("names the setting when a target has no workspace", () => {
    const ws = createWorkspaces({ workspaces: {} }, { credential: noCredential });
    expect(() => ws.clientFor("staging")).toThrow(
      "DATABRICKS_WORKSPACES: has no workspace for target staging",
    );
  });

  it("refuses Entra ID for a loopback host without making a credential (no IMDS probe)", () => {
    const ws = createWorkspaces(
      { workspaces: { "*": { host: "http://127.0.0.1:7073", auth: "entra" } } },
      { credential: noCredential },
    );
    expect(() => ws.clientFor("local")).toThrow("auth entra is refused for loopback host");
  });

  it("uses the injected credential for an entra workspace", async () => {
    const scopes: string[] = [];
    const credential: TokenCredential = {
      getToken: (scope) => {
        scopes.push(String(scope));
        return Promise.resolve({ token: "entra-token", expiresOnTimestamp: Date.now() + 3_600_000 });
      },
    };
    const { calls, fetch } = recordingFetch();
    const ws = createWorkspaces(
      { workspaces: { "*": { host: "https://adb-1.azuredatabricks.net", auth: "entra" } } },
      { credential: () => credential, fetch },
    );
    await ws.clientFor("prod").scim.me();
    expect(scopes).toEqual(["2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default"]);
    expect(calls[0]?.auth).toBe("Bearer entra-token");
  });
});

describe("ORCHESTRATOR_LAKE", () => {
  it("reads an abfss filesystem URL", () => {
    const config = loadConfig({
      ...base,
      ORCHESTRATOR_LAKE: "abfss://orchestrator@stml01.dfs.core.windows.net/",
    });
    expect(config.lake.orchestrator).toEqual({ account: "stml01", filesystem: "orchestrator" });
  });

  it.each([
    "https://stml01.blob.core.windows.net/x",
    "abfss://x@stml01.dfs.core.windows.net/deeper/path",
    "abfss://UP@a.dfs.core.windows.net",
  ])("refuses %s", (value) => {
    expect(() => loadConfig({ ...base, ORCHESTRATOR_LAKE: value })).toThrow(
      "ORCHESTRATOR_LAKE: must be abfss://",
    );
  });
});
