import { describe, expect, it } from "vitest";
import { withReadDefaults } from "../../../local/databricks/jobs/job-defaults.js";

/** jobs/get answers with the defaults Databricks (and the CLI's test server, jobFixUps) add on read. */
describe("job read defaults", () => {
  it("adds notification blocks, timeouts, run_if, cluster defaults and a notebook source", () => {
    const read = withReadDefaults({
      name: "j",
      tasks: [
        {
          task_key: "b",
          depends_on: [{ task_key: "z" }, { task_key: "a" }],
          notebook_task: { notebook_path: "/n" },
          new_cluster: { spark_version: "15.4.x-scala2.12", apply_policy_default_values: true },
        },
      ],
      job_clusters: [
        { job_cluster_key: "k", new_cluster: { spark_version: "x", apply_policy_default_values: true } },
      ],
    });
    expect(read).toEqual({
      name: "j",
      email_notifications: {},
      webhook_notifications: {},
      timeout_seconds: 0,
      tasks: [
        {
          task_key: "b",
          depends_on: [{ task_key: "a" }, { task_key: "z" }],
          email_notifications: {},
          run_if: "ALL_SUCCESS",
          timeout_seconds: 0,
          notebook_task: { notebook_path: "/n", source: "WORKSPACE" },
          new_cluster: {
            spark_version: "15.4.x-scala2.12",
            aws_attributes: { availability: "SPOT_WITH_FALLBACK", zone_id: "us-east-1c" },
            data_security_mode: "SINGLE_USER",
            enable_elastic_disk: false,
          },
        },
      ],
      job_clusters: [{ job_cluster_key: "k", new_cluster: { spark_version: "x" } }],
    });
  });

  it("keeps what the user set, and names GIT as a notebook's source when the job has git_source", () => {
    const read = withReadDefaults({
      git_source: { git_url: "u" },
      timeout_seconds: 60,
      email_notifications: { on_failure: ["a@b"] },
      tasks: [
        { task_key: "t", run_if: "ALL_DONE", timeout_seconds: 5, notebook_task: { notebook_path: "n" } },
      ],
    });
    expect(read).toMatchObject({
      timeout_seconds: 60,
      email_notifications: { on_failure: ["a@b"] },
      tasks: [
        { run_if: "ALL_DONE", timeout_seconds: 5, notebook_task: { notebook_path: "n", source: "GIT" } },
      ],
    });
  });
});
