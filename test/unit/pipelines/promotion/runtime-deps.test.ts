import { InvocationContext } from "@azure/functions";
import type { TokenCredential } from "@azure/identity";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../../shared/config/load.js";
import { promote } from "../../../../shared/pipelines/promotion/routes.js";
import { createRuntime } from "../../../../shared/runtime/runtime.js";

const base = {
  FUNCTIONS_WORKER_RUNTIME: "node",
  AzureWebJobsStorage: "UseDevelopmentStorage=true",
  DATABRICKS_TOKEN: "dapi-test",
  DATABRICKS_WORKSPACES: JSON.stringify({
    staging: { host: "https://adb-1.azuredatabricks.net", auth: "pat" },
    prod: { host: "https://adb-2.azuredatabricks.net", auth: "pat" },
  }),
};
const noCredential = (): TokenCredential => {
  throw new Error("no credential may be made in this test");
};

function runtimeWith(env: Record<string, string>) {
  const urls: string[] = [];
  const fetch = (url: string) => {
    urls.push(url);
    return Promise.resolve(Response.json({ model_name: "churn", version: 7 }));
  };
  const runtime = createRuntime(loadConfig({ ...base, ...env }), {
    credential: noCredential,
    fetch,
    sink: () => undefined,
  });
  return { runtime, urls };
}

const handler = (table: ReturnType<typeof promote.activities>, name: string) => {
  const entry = table.find((e) => e.name === name);
  if (entry === undefined) throw new Error(`no ${name}`);
  return entry.handler;
};

describe("promotion activities over the runtime", () => {
  it("a missing ORCHESTRATOR_LAKE fails the invocation with a ConfigError naming it (not the host at load)", async () => {
    const { runtime } = runtimeWith({});
    const table = promote.activities(() => runtime, { bundlesRoot: "bundles" });
    const result = await handler(table, "ReadLedger")({ model: "prod.ml.churn" }, new InvocationContext());
    expect(result).toMatchObject({ ok: false, error: { code: "CONFIG_INVALID" } });
    expect(JSON.stringify(result)).toMatch(/ORCHESTRATOR_LAKE/);
  });

  it("reads the model from the workspace of the target the activity names", async () => {
    const { runtime, urls } = runtimeWith({
      ORCHESTRATOR_LAKE: "abfss://orchestrator@devstoreaccount1.dfs.core.windows.net",
      LAKE_CONNECTION_STRING: "UseDevelopmentStorage=true",
    });
    const table = promote.activities(() => runtime, { bundlesRoot: "bundles" });
    const get = handler(table, "GetModelAlias");
    const ctx = new InvocationContext();
    expect(await get({ target: "prod", model: "prod.ml.churn", alias: "champion" }, ctx)).toEqual({
      ok: true,
      value: { version: "7" },
    });
    await get({ target: "staging", model: "staging.ml.churn", alias: "challenger" }, ctx);
    expect(urls.map((u) => new URL(u).host)).toEqual([
      "adb-2.azuredatabricks.net",
      "adb-1.azuredatabricks.net",
    ]);
  });
});
