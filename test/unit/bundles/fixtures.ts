import { memorySource, prepareSchema, validateBundle, type ValidateResult } from "../../../shared/bundles/index.js";

/** A small stand-in for the official schema: enough structure to exercise typing and checks. */
const task = {
  type: "object",
  properties: {
    task_key: { type: "string" },
    run_if: { type: "string", enum: ["ALL_SUCCESS", "ALL_DONE"] },
    notebook_task: { type: "object", properties: { notebook_path: { type: "string" }, source: { type: "string" } }, required: ["notebook_path"] },
    spark_python_task: { type: "object", properties: { python_file: { type: "string" } } },
    existing_cluster_id: { type: "string" },
    new_cluster: { type: "object", additionalProperties: {} },
    libraries: { type: "array", items: { type: "object", properties: { whl: { type: "string" } } } },
  },
  required: ["task_key"],
  additionalProperties: false,
};
const job = {
  type: "object",
  properties: {
    name: { type: "string" },
    max_concurrent_runs: { type: "integer" },
    tags: { type: "object", additionalProperties: { type: "string" } },
    tasks: { type: "array", items: { $ref: "#/$defs/task" } },
    job_clusters: { type: "array", items: { type: "object", additionalProperties: {} } },
    parameters: { type: "array", items: { type: "object", additionalProperties: {} } },
    schedule: { type: "object", properties: { quartz_cron_expression: { type: "string" }, pause_status: { type: "string" } } },
    queue: { type: "object", properties: { enabled: { type: "boolean" } } },
    git_source: { type: "object", additionalProperties: {} },
    run_as: { type: "object", additionalProperties: {} },
    deployment: { type: "object", additionalProperties: {} },
    edit_mode: { type: "string" },
    format: { type: "string" },
  },
  additionalProperties: false,
};
const open = { type: "object", additionalProperties: {} };

export const fakeSchema = prepareSchema({
  $defs: { task, job },
  type: "object",
  additionalProperties: false,
  properties: {
    bundle: { type: "object", properties: { name: { type: "string" }, mode: { type: "string" }, git: open }, additionalProperties: false },
    include: { type: "array", items: { type: "string" } },
    variables: { type: "object", additionalProperties: { type: "object", properties: { default: {}, description: { type: "string" }, type: { type: "string", enum: ["complex"] }, lookup: open }, additionalProperties: false } },
    workspace: { type: "object", properties: { root_path: { type: "string" }, host: { type: "string" }, file_path: { type: "string" } }, additionalProperties: false },
    resources: { type: "object", properties: { jobs: { type: "object", additionalProperties: { $ref: "#/$defs/job" } } }, additionalProperties: open },
    targets: { type: "object", additionalProperties: open },
    sync: open,
    presets: open,
    run_as: open,
    permissions: { type: "array", items: open },
    definitions: {},
  },
});

export const tester = { userName: "tester@databricks.com", id: "1000012345" };

export function run(files: Record<string, string>, opts: { target?: string; vars?: string[]; env?: Record<string, string> } = {}): ValidateResult {
  return validateBundle({ source: memorySource(files), currentUser: tester, schema: fakeSchema, ...opts });
}

export const errors = (r: ValidateResult): string[] => r.diagnostics.filter((d) => d.severity === "error").map((d) => d.summary);
export const warnings = (r: ValidateResult): string[] => r.diagnostics.filter((d) => d.severity === "warning").map((d) => d.summary);

/** Navigates the plain config in tests without casts everywhere. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let cur = value;
  for (const p of path) cur = cur === null || typeof cur !== "object" ? undefined : (cur as Record<string | number, unknown>)[p];
  return cur;
}
