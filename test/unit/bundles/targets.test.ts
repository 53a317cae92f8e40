import { describe, expect, it } from "vitest";
import { run, errors, at } from "./fixtures.js";

const base = `bundle: {name: demo}
resources:
  jobs:
    j:
      name: job
      tasks:
        - task_key: b
          new_cluster: {spark_version: "13.3"}
        - task_key: a
          new_cluster: {spark_version: "13.3"}
      job_clusters:
        - job_cluster_key: main
          new_cluster: {spark_version: "13.3", autoscale: {min_workers: 1}}
      parameters:
        - {name: p, default: one}
targets:
  dev:
    default: true
    mode: development
  prod:
    workspace: {root_path: /Shared/demo}
    run_as: {service_principal_name: sp}
    resources:
      jobs:
        j:
          tasks:
            - task_key: a
              new_cluster: {num_workers: 4}
          job_clusters:
            - job_cluster_key: main
              new_cluster: {node_type_id: big}
          parameters:
            - {name: p, default: two}
`;

describe("targets", () => {
  it("merges tasks by task_key, job_clusters by key and parameters by name; tasks sorted by key", () => {
    const r = run({ "databricks.yml": base }, { target: "prod" });
    expect(errors(r)).toEqual([]);
    const job = at(r.config, "resources", "jobs", "j");
    expect(at(job, "tasks")).toEqual([
      { task_key: "a", new_cluster: { spark_version: "13.3", num_workers: 4 } },
      { task_key: "b", new_cluster: { spark_version: "13.3" } },
    ]);
    expect(at(job, "job_clusters", 0, "new_cluster")).toEqual({ spark_version: "13.3", autoscale: { min_workers: 1 }, node_type_id: "big" });
    expect(at(job, "parameters")).toEqual([{ name: "p", default: "two" }]);
    expect(at(job, "run_as")).toEqual({ service_principal_name: "sp" });
    expect(at(r.config, "workspace", "root_path")).toBe("/Workspace/Shared/demo");
  });

  it("picks the default target and applies development mode presets", () => {
    const r = run({ "databricks.yml": base.replace("      name: job\n", "      name: job\n      schedule: {quartz_cron_expression: x}\n") });
    expect(at(r.config, "bundle", "target")).toBe("dev");
    expect(at(r.config, "bundle", "mode")).toBe("development");
    const job = at(r.config, "resources", "jobs", "j");
    expect(at(job, "name")).toBe("[dev tester] job");
    expect(at(job, "tags")).toEqual({ dev: "tester" });
    expect(at(job, "max_concurrent_runs")).toBe(4);
    expect(at(job, "schedule", "pause_status")).toBe("PAUSED");
    expect(at(r.config, "workspace", "root_path")).toBe("/Workspace/Users/tester@databricks.com/.bundle/demo/dev");
    expect(at(r.config, "workspace", "state_path")).toBe("/Workspace/Users/tester@databricks.com/.bundle/demo/dev/state");
  });

  it("refuses UNPAUSED triggers in development mode and unknown targets", () => {
    const unpaused = base.replace("    mode: development\n", "    mode: development\n    presets: {trigger_pause_status: UNPAUSED}\n");
    expect(errors(run({ "databricks.yml": unpaused }))).toEqual(["target with 'mode: development' cannot set trigger pause status to UNPAUSED by default"]);
    expect(errors(run({ "databricks.yml": base }, { target: "nope" }))).toEqual(["nope: no such target. Available targets: dev, prod"]);
  });

  it("adds the job defaults and annotations the CLI adds", () => {
    const r = run({ "databricks.yml": "bundle: {name: d}\nresources: {jobs: {j: {}}}\n" });
    expect(at(r.config, "resources", "jobs", "j")).toEqual({
      name: "Untitled", max_concurrent_runs: 1, queue: { enabled: true }, edit_mode: "UI_LOCKED", format: "MULTI_TASK",
      deployment: { kind: "BUNDLE", metadata_file_path: "/Workspace/Users/tester@databricks.com/.bundle/d/default/state/metadata.json" },
    });
  });
});
