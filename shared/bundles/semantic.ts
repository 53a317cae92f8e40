import { error, type Diagnostic } from "./diagnostics.js";
import { isMap, isNull, type DMap } from "./dyn.js";

/** Resource types this engine deploys. Anything else must go through the Databricks CLI. */
export const SUPPORTED_RESOURCE_TYPES = ["jobs", "experiments", "models", "registered_models"] as const;

const SINGULAR: Record<string, string> = {
  jobs: "job", experiments: "experiment", models: "model", registered_models: "registered model",
  pipelines: "pipeline", schemas: "schema", volumes: "volume", clusters: "cluster", apps: "app",
  dashboards: "dashboard", model_serving_endpoints: "model serving endpoint", quality_monitors: "quality monitor",
  secret_scopes: "secret scope", sql_warehouses: "sql warehouse",
};

/** Checks that need the whole config: declared-but-empty resources, unsupported resource types. */
export function checkResources(config: DMap): Diagnostic[] {
  const resources = config.entries.get("resources");
  if (!isMap(resources)) return [];
  const out: Diagnostic[] = [];
  for (const [type, group] of resources.entries) {
    if (!isMap(group)) continue;
    for (const [key, body] of group.entries) {
      if (isNull(body)) {
        out.push(error(`${SINGULAR[type] ?? type} ${key} is not defined`, body.loc, ["resources", type, key]));
      }
    }
    if (!(SUPPORTED_RESOURCE_TYPES as readonly string[]).includes(type)) {
      out.push(error(
        `resource type "${type}" is not supported by this engine; deploy it with the Databricks CLI (databricks bundle deploy)`,
        group.loc,
        ["resources", type],
        `Supported resource types: ${SUPPORTED_RESOURCE_TYPES.join(", ")}.`,
      ));
    }
  }
  return out;
}
