/**
 * The jobs entry of the direct engine's lifecycle rules (databricks/cli
 * bundle/direct/dresources/resources.yml). Remote values under `ignoreRemote` are what the backend
 * manages or never returns; `backendDefaults` are values the backend fills in when the config is
 * silent (optionally only these values), so a remote-only value there is not drift.
 */
export interface BackendDefault {
  readonly field: string;
  readonly values?: readonly (string | number | boolean)[];
}

const CLUSTER_PARENTS = [
  "tasks[*].new_cluster",
  "tasks[*].for_each_task.task.new_cluster",
  "job_clusters[*].new_cluster",
];
const under = (fields: readonly string[]): string[] =>
  CLUSTER_PARENTS.flatMap((p) => fields.map((f) => `${p}.${f}`));

const DMS = "managed by the deployment metadata service";

export const JOB_IGNORE_LOCAL = [{ field: "deployment.version_id", reason: DMS }];

export const JOB_IGNORE_REMOTE: readonly { field: string; reason: string }[] = [
  { field: "deployment.version_id", reason: DMS },
  ...under(["aws_attributes", "azure_attributes", "gcp_attributes"]).map((field) => ({
    field,
    reason: "managed",
  })),
  // The Jobs API takes apply_policy_default_values but never returns it.
  ...under(["apply_policy_default_values"]).map((field) => ({ field, reason: "not_returned_by_api" })),
];

const TASKS = ["tasks[*]", "tasks[*].for_each_task.task"];

export const JOB_BACKEND_DEFAULTS: readonly BackendDefault[] = [
  ...under([
    "enable_elastic_disk",
    "enable_local_disk_encryption",
    "node_type_id",
    "driver_node_type_id",
    "driver_instance_pool_id",
    "data_security_mode",
  ]).map((field) => ({ field })),
  { field: "format", values: ["MULTI_TASK", "SINGLE_TASK"] },
  ...TASKS.map((t) => ({ field: `${t}.run_if`, values: ["ALL_SUCCESS"] })),
  { field: "run_as" },
  ...TASKS.flatMap((t) =>
    ["notebook_task.source", "spark_python_task.source", "sql_task.file.source", "dbt_task.source"].map(
      (f) => ({
        field: `${t}.${f}`,
      }),
    ),
  ),
];
