import { describe, expect, it } from "vitest";
import { DatabricksError } from "../../../../shared/databricks/errors.js";
import { databricksRegistry } from "../../../../shared/pipelines/promotion/registry.js";

const notFound = () =>
  Promise.reject(
    new DatabricksError({
      errorCode: "RESOURCE_DOES_NOT_EXIST",
      message: "gone",
      status: 404,
      retryable: false,
    }),
  );

/** Records which API each call reached; only the methods the adapter uses. */
function client() {
  const calls: string[] = [];
  const unityCatalog = {
    getModelVersion: (name: string, v: number) => (
      calls.push(`uc get ${name} ${v}`),
      Promise.resolve({ version: v, run_id: "r1" })
    ),
    getModelVersionByAlias: (name: string, alias: string) => (calls.push(`uc alias ${alias}`), notFound()),
    setAlias: (name: string, alias: string, v: number) => (
      calls.push(`uc set ${alias}=${v}`),
      Promise.resolve({})
    ),
    deleteAlias: (name: string, alias: string) => (calls.push(`uc delete ${alias}`), notFound()),
  };
  const mlflow = {
    getModelVersion: (name: string, v: string) => (
      calls.push(`ws get ${name} ${v}`),
      Promise.resolve({ version: v, run_id: "r2", tags: [{ key: "commit_sha", value: "abc1234" }] })
    ),
    getModelVersionByAlias: (name: string, alias: string) => (
      calls.push(`ws alias ${alias}`),
      Promise.resolve({ version: "7" })
    ),
    setAlias: (name: string, alias: string, v: string) => (
      calls.push(`ws set ${alias}=${v}`),
      Promise.resolve()
    ),
    deleteAlias: (name: string, alias: string) => (calls.push(`ws delete ${alias}`), Promise.resolve()),
    getRun: () =>
      Promise.resolve({
        info: {},
        data: { metrics: [{ key: "gate_passed", value: 1, timestamp: 0 }], tags: [] },
      }),
  };
  return { calls, registry: databricksRegistry({ unityCatalog, mlflow } as never) };
}

describe("databricksRegistry", () => {
  it("routes three-part names to Unity Catalog and reads a missing alias or a deleted one as nothing", async () => {
    const { calls, registry } = client();
    expect(await registry.getVersion("main.ml.churn", "4")).toEqual({ version: "4", runId: "r1", tags: {} });
    expect(await registry.versionByAlias("main.ml.churn", "champion")).toBeNull();
    await registry.setAlias("main.ml.churn", "champion", "4");
    await expect(registry.deleteAlias("main.ml.churn", "challenger")).resolves.toBeUndefined();
    expect(calls).toEqual([
      "uc get main.ml.churn 4",
      "uc alias champion",
      "uc set champion=4",
      "uc delete challenger",
    ]);
  });

  it("uses the workspace registry for other names, with version tags and run metrics", async () => {
    const { calls, registry } = client();
    expect(await registry.getVersion("churn", "2")).toEqual({
      version: "2",
      runId: "r2",
      tags: { commit_sha: "abc1234" },
    });
    expect(await registry.versionByAlias("churn", "champion")).toBe("7");
    expect(await registry.getRun("r2")).toEqual({ tags: {}, metrics: { gate_passed: 1 } });
    expect(calls).toEqual(["ws get churn 2", "ws alias champion"]);
  });
});
