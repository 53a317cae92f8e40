import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployedBundleJobs } from "../../../shared/pipelines/promotion/bundle-jobs.js";
import { bundleDir, errorOf, harness, type Harness } from "../bundles-deploy/helpers.js";

// A bundle named like its folder under a bundles root, as the app's bundles/ holds them.
const yml = `bundle:
  name: smokebundle
resources:
  jobs:
    smoke:
      name: smoke
      tasks:
        - task_key: main
          spark_python_task:
            python_file: ./src/smoke.py
`;

describe("smoke job id from the target's deployment state (emulator)", () => {
  let h: Harness;
  let root: string;
  beforeAll(async () => {
    h = await harness();
    root = bundleDir({ "smokebundle/databricks.yml": yml, "smokebundle/src/smoke.py": "print('ok')\n" });
    expect(errorOf(await h.deploy(`${root}/smokebundle`))).toBe("");
  });
  afterAll(() => h.emu.stop());

  it("finds the deployed job's id, and null for a job or bundle that is not deployed", async () => {
    const jobs = deployedBundleJobs(root, () => h.client);
    const id = await jobs.jobId("smokebundle", "default", "smoke");
    expect(id).toMatch(/^\d+$/);
    expect((await h.client.jobs.get(id ?? "")).settings?.name).toContain("smoke");
    expect(await jobs.jobId("smokebundle", "default", "missing")).toBeNull();
    expect(await jobs.jobId("nobundle", "default", "smoke")).toBeNull();
    expect(await jobs.jobId("../etc", "default", "smoke")).toBeNull();
  });
});
