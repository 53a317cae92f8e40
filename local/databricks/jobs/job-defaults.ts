import type { Settings, TaskSettings } from "./model.js";

/**
 * What Databricks adds to a job's settings when they are read back (jobs/get, jobs/list): empty
 * notification blocks, `timeout_seconds: 0`, a task's `run_if: ALL_SUCCESS`, a new cluster's
 * backend defaults, a notebook's `source`, `depends_on` sorted by task key, and no
 * `apply_policy_default_values` (accepted on write, never returned). The Databricks CLI's
 * acceptance test server (libs/testserver/jobs.go) applies the same defaults; its cluster default is
 * AWS's `aws_attributes`, kept here so the CLI's recorded requests replay (docs/adr/0028). Stored
 * settings stay as sent: runs are planned from what the user wrote.
 */
export function withReadDefaults(settings: Settings): Settings {
  const gitSource = settings["git_source"] !== undefined;
  const out: Settings = {
    ...settings,
    email_notifications: settings["email_notifications"] ?? {},
    webhook_notifications: settings["webhook_notifications"] ?? {},
    timeout_seconds: settings["timeout_seconds"] ?? 0,
  };
  if (Array.isArray(settings.tasks)) out.tasks = settings.tasks.map((t) => taskDefaults(t, gitSource));
  const clusters = settings["job_clusters"];
  if (Array.isArray(clusters))
    out["job_clusters"] = clusters.map((c: Record<string, unknown>) =>
      isRecord(c["new_cluster"]) ? { ...c, new_cluster: withoutPolicyDefaults(c["new_cluster"]) } : c,
    );
  return out;
}

function taskDefaults(task: TaskSettings, gitSource: boolean): TaskSettings {
  const out: TaskSettings = {
    ...task,
    email_notifications: task["email_notifications"] ?? {},
    run_if: task.run_if ?? "ALL_SUCCESS",
    timeout_seconds: task.timeout_seconds ?? 0,
  };
  if (task.depends_on !== undefined)
    out.depends_on = [...task.depends_on].sort((a, b) =>
      a.task_key < b.task_key ? -1 : a.task_key > b.task_key ? 1 : 0,
    );
  if (isRecord(task["new_cluster"])) out["new_cluster"] = clusterDefaults(task["new_cluster"]);
  const notebook = task["notebook_task"];
  if (isRecord(notebook) && notebook["source"] === undefined)
    out["notebook_task"] = { ...notebook, source: gitSource ? "GIT" : "WORKSPACE" };
  const forEach = task["for_each_task"];
  if (isRecord(forEach) && isRecord(forEach["task"]) && isRecord(forEach["task"]["new_cluster"]))
    out["for_each_task"] = {
      ...forEach,
      task: { ...forEach["task"], new_cluster: withoutPolicyDefaults(forEach["task"]["new_cluster"]) },
    };
  return out;
}

function clusterDefaults(cluster: Record<string, unknown>): Record<string, unknown> {
  return {
    ...withoutPolicyDefaults(cluster),
    aws_attributes: cluster["aws_attributes"] ?? {
      availability: "SPOT_WITH_FALLBACK",
      zone_id: "us-east-1c",
    },
    data_security_mode: cluster["data_security_mode"] ?? "SINGLE_USER",
    enable_elastic_disk: cluster["enable_elastic_disk"] ?? false,
  };
}

function withoutPolicyDefaults(cluster: Record<string, unknown>): Record<string, unknown> {
  const { apply_policy_default_values: _dropped, ...rest } = cluster;
  return rest;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
