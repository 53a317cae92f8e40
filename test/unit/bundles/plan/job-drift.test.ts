import { describe, expect, it } from "vitest";
import type { Plain } from "../../../../shared/bundles/dyn.js";
import {
  jobRemote,
  planBundle,
  type DeployedState,
  type Plan,
} from "../../../../shared/bundles/plan/index.js";

/** Job drift as the CLI's direct engine plans it (corpus: remote_matches_config, update_single_node). */
const task = (extra: Record<string, Plain> = {}): Record<string, Plain> => ({
  task_key: "main",
  notebook_task: { notebook_path: "/n" },
  new_cluster: { spark_version: "13.3.x-scala2.12", num_workers: 1 },
  ...extra,
});
const job = (extra: Record<string, Plain> = {}): Record<string, Plain> => ({
  name: "j",
  max_concurrent_runs: 1,
  tasks: [task()],
  ...extra,
});
const state = (value: Plain): DeployedState => ({
  state_version: 2,
  cli_version: "1",
  lineage: "L",
  serial: 1,
  state: { "resources.jobs.j": { __id__: "11", state: value } },
});
/** What jobs/get answers for `settings`, with the defaults Databricks adds on read. */
const remoteOf = (settings: Record<string, Plain>): Plain =>
  jobRemote({
    job_id: "11",
    created_time: 1700000000000,
    creator_user_name: "me",
    run_as_user_name: "me",
    settings: {
      ...settings,
      email_notifications: {},
      webhook_notifications: {},
      timeout_seconds: 0,
      tasks: [
        task({
          email_notifications: {},
          run_if: "ALL_SUCCESS",
          timeout_seconds: 0,
          notebook_task: { notebook_path: "/n", source: "WORKSPACE" },
          new_cluster: {
            spark_version: "13.3.x-scala2.12",
            num_workers: 1,
            aws_attributes: { availability: "SPOT_WITH_FALLBACK" },
            data_security_mode: "SINGLE_USER",
            enable_elastic_disk: false,
          },
        }),
      ],
    },
  } as { job_id: string; settings: object });

function plan(desired: Record<string, Plain>, saved: Record<string, Plain>, remote: Plain): Plan {
  const r = planBundle({
    desired: { resources: { jobs: { j: desired } } },
    deployed: state(saved),
    remote: () => remote,
  });
  if (r.kind !== "ok") throw new Error(r.message);
  return r.plan;
}

describe("job drift", () => {
  it("skips a job whose remote holds only the backend's defaults, naming each reason", () => {
    const entry = plan(job(), job(), remoteOf({ name: "j", max_concurrent_runs: 1 })).plan[
      "resources.jobs.j"
    ];
    expect(entry?.action).toBe("skip");
    const reasons = Object.fromEntries(Object.entries(entry?.changes ?? {}).map(([k, c]) => [k, c.reason]));
    expect(reasons).toEqual({
      email_notifications: "empty",
      timeout_seconds: "empty",
      webhook_notifications: "empty",
      "tasks[task_key='main'].email_notifications": "empty",
      "tasks[task_key='main'].timeout_seconds": "empty",
      "tasks[task_key='main'].new_cluster.enable_elastic_disk": "empty",
      "tasks[task_key='main'].new_cluster.aws_attributes": "managed",
      "tasks[task_key='main'].new_cluster.data_security_mode": "backend_default",
      "tasks[task_key='main'].notebook_task.source": "backend_default",
      "tasks[task_key='main'].run_if": "backend_default",
    });
  });

  it("skips a local change the remote already has (remote_already_set), carrying the remote state", () => {
    const remote = remoteOf({ name: "j", max_concurrent_runs: 2 });
    const entry = plan(job({ max_concurrent_runs: 2 }), job(), remote).plan["resources.jobs.j"];
    expect(entry?.action).toBe("skip");
    expect(entry?.changes?.["max_concurrent_runs"]).toEqual({
      action: "skip",
      reason: "remote_already_set",
      old: 1,
      new: 2,
      remote: 2,
    });
    expect(entry?.remote_state).toMatchObject({
      job_id: 11,
      creator_user_name: "me",
      max_concurrent_runs: 2,
    });
  });

  it("updates a job changed in the workspace although its config did not change", () => {
    const entry = plan(job(), job(), remoteOf({ name: "renamed in the UI", max_concurrent_runs: 1 })).plan[
      "resources.jobs.j"
    ];
    expect(entry?.action).toBe("update");
    expect(entry?.changes?.["name"]).toEqual({
      action: "update",
      old: "j",
      new: "j",
      remote: "renamed in the UI",
    });
  });

  it("updates a remote value that differs from a backend default's allowed values", () => {
    const remote = remoteOf({ name: "j", max_concurrent_runs: 1 }) as Record<string, Plain>;
    const tasks = (remote["tasks"] as Record<string, Plain>[]).map((t) => ({ ...t, run_if: "ALL_DONE" }));
    const entry = plan(job(), job(), { ...remote, tasks }).plan["resources.jobs.j"];
    expect(entry?.action).toBe("update");
    expect(entry?.changes?.["tasks[task_key='main'].run_if"]).toEqual({
      action: "update",
      remote: "ALL_DONE",
    });
  });

  it("does not count a remote-only version_id, and keeps run_job_task ids numeric", () => {
    const remote = jobRemote({
      job_id: "11",
      settings: {
        name: "j",
        max_concurrent_runs: 1,
        deployment: { version_id: "v9" },
        tasks: [{ task_key: "t", run_job_task: { job_id: "12345678901234567890" } }],
      },
    });
    expect(remote).toMatchObject({ tasks: [{ run_job_task: { job_id: 12345678901234567890n } }] });
    const desired = {
      name: "j",
      max_concurrent_runs: 1,
      deployment: { version_id: "v1" },
      tasks: [{ task_key: "t", run_job_task: { job_id: 12345678901234567890n } }],
    };
    const entry = plan(desired, desired, remote).plan["resources.jobs.j"];
    expect(entry?.action).toBe("skip");
    expect(entry?.changes?.["deployment.version_id"]?.reason).toBe(
      "managed by the deployment metadata service",
    );
  });

  it("reads the saved value of a remote-only change inside a keyed list (old of job_clusters[...])", () => {
    const clusters = (n?: number): Plain => [
      {
        job_cluster_key: "k",
        new_cluster: { spark_version: "x", ...(n === undefined ? {} : { num_workers: n }) },
      },
    ];
    const desired = { name: "j", max_concurrent_runs: 1, job_clusters: clusters(0) };
    const remote = jobRemote({
      job_id: "11",
      settings: { name: "j", max_concurrent_runs: 1, job_clusters: clusters() },
    });
    const entry = plan(desired, desired, remote).plan["resources.jobs.j"];
    expect(entry?.changes?.["job_clusters[job_cluster_key='k'].new_cluster.num_workers"]).toEqual({
      action: "skip",
      reason: "empty",
      old: 0,
      new: 0,
    });
  });

  it("carries the remote state and recorded dependencies on a delete", () => {
    const deployed: DeployedState = {
      ...state(job()),
      state: {
        "resources.jobs.j": {
          __id__: "11",
          state: job(),
          depends_on: [{ node: "resources.jobs.k", label: "${resources.jobs.k.id}" }],
        },
      },
    };
    const r = planBundle({ desired: { resources: {} }, deployed, remote: () => remoteOf(job()) });
    if (r.kind !== "ok") throw new Error(r.message);
    expect(r.plan.plan["resources.jobs.j"]).toMatchObject({
      action: "delete",
      depends_on: [{ node: "resources.jobs.k" }],
      remote_state: { job_id: 11 },
    });
  });
});
