import { describe, expect, it } from "vitest";
import { settleActivity } from "../../../../shared/durable/implement.js";
import {
  createPipelineActivities,
  type PipelineActivityDeps,
} from "../../../../shared/pipelines/train-evaluate-register/pipeline.activities.js";
import { databricksError } from "../run-job/fake-jobs.js";
import { key } from "./world.js";

type Workspace = ReturnType<PipelineActivityDeps["workspaceFor"]>;
const deployInput = { bundle: "churn", target: "local", jobs: ["train"] };
const bundlesDir = "bundles";

/** Activities over a workspace whose SCIM Me fails with `err`, and a lake whose writes fail with `lakeErr`. */
function activities(err: Error | null, lakeErr?: Error) {
  const tags: string[][] = [];
  const client = {
    scim: { me: () => (err === null ? Promise.resolve({ id: "1", userName: "dev" }) : Promise.reject(err)) },
    mlflow: {
      setRunTag: (...args: string[]) => (tags.push(["run", ...args]), Promise.resolve()),
      setModelVersionTag: (...args: string[]) => (tags.push(["version", ...args]), Promise.resolve()),
    },
  } as unknown as Workspace;
  const a = createPipelineActivities({
    bundlesDir,
    workspaceFor: () => client,
    lakeAt: () => ({ write: () => (lakeErr === undefined ? Promise.resolve() : Promise.reject(lakeErr)) }),
  });
  return { a, tags };
}
const lineage = {
  orchestrationId: "tr-1",
  bundle: "churn",
  serial: 3,
  commit: null,
  files: [{ path: "p/a.csv", eTag: "0x1" }],
  manifest: "abfss://landing@acct.dfs.core.windows.net/_orchestrator/runs/tr-1.json",
};

describe("pipeline activities: Databricks refusals come back as data, throttling is thrown", () => {
  it("returns a 403 on SCIM Me as a non-retryable failure with the Databricks code", async () => {
    const { a } = activities(databricksError("PERMISSION_DENIED", 403, false));
    expect(await settleActivity(() => a.resolveDeployment(deployInput))).toEqual({
      ok: false,
      error: {
        code: "DATABRICKS_PERMISSION_DENIED",
        message:
          "Databricks refused reading the deployment of bundle churn for target local: PERMISSION_DENIED PERMISSION_DENIED from the fake",
      },
    });
  });

  it.each([
    ["429", databricksError("TOO_MANY_REQUESTS", 429, true)],
    ["503", databricksError("TEMPORARILY_UNAVAILABLE", 503, true)],
    ["a network error", databricksError("NETWORK_ERROR", 0, true)],
  ])("throws %s so the retry policy applies", async (_, err) => {
    const { a } = activities(err);
    await expect(settleActivity(() => a.resolveDeployment(deployInput))).rejects.toBe(err);
  });
});

describe("WriteLineage: storage refusals are data, storage outages are retried", () => {
  const write = (a: ReturnType<typeof activities>["a"]) =>
    settleActivity(() => a.writeLineage({ key, instanceId: "tr-1", manifest: {} as never }));

  it("returns a 403 from the lake as a non-retryable failure", async () => {
    const { a } = activities(null, Object.assign(new Error("AuthorizationFailure"), { statusCode: 403 }));
    expect(await write(a)).toMatchObject({ ok: false, error: { code: "LINEAGE_WRITE_REFUSED" } });
  });

  it.each([503, 429, 408])("throws a %s for the retry policy", async (statusCode) => {
    const err = Object.assign(new Error("busy"), { statusCode });
    await expect(write(activities(null, err).a)).rejects.toBe(err);
  });
});

describe("TagModelVersion", () => {
  it("tags a workspace-registry version itself", async () => {
    const { a, tags } = activities(null);
    const out = await a.tagModelVersion({
      target: "local",
      model: "churn",
      alias: "challenger",
      version: "3",
      runId: "r1",
      lineage,
    });
    expect(out.on).toBe("version");
    expect(tags).toContainEqual(["version", "churn", "3", "bundle_deployment_serial", "3"]);
    expect(tags.map((t) => t[3])).toEqual(Object.keys(out.tags));
  });

  it("tags the run of a Unity Catalog version, where preflight reads it too", async () => {
    const { a, tags } = activities(null);
    const out = await a.tagModelVersion({
      target: "local",
      model: "main.ml.churn",
      alias: "challenger",
      version: "3",
      runId: "r1",
      lineage,
    });
    expect(out.on).toBe("run");
    expect(tags).toContainEqual(["run", "r1", "lineage_manifest", lineage.manifest]);
    expect(tags.every((t) => t[0] === "run")).toBe(true);
  });
});
