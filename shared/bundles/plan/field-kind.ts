import type { JsonSchema, PreparedSchema } from "../schema.js";

/**
 * The Go kind of a resource field (`int64`, `int`, `float64`, `bool`, `string`), read from the bundle
 * schema: scalar fields point at `#/$defs/<kind>`, which is how the CLI's generator names the Go type.
 * The direct engine sets resolved references into typed Go structs, so this decides what converts.
 */
export type FieldKind = (resourceType: string, path: readonly (string | number)[]) => string | undefined;

const KINDS = new Set(["int64", "int", "float64", "bool", "string"]);
const BY_JSON_TYPE: Record<string, string> = {
  integer: "int64",
  number: "float64",
  boolean: "bool",
  string: "string",
};

export function fieldKindFromSchema(schema: PreparedSchema): FieldKind {
  return (resourceType, path) => {
    const resources = schema.child(schema.root, "resources");
    let node: JsonSchema | undefined = schema.child(schema.child(resources, resourceType), "key");
    for (const [i, seg] of path.entries()) {
      const raw = rawChild(schema, node, seg);
      if (raw === undefined) return undefined;
      const ref = typeof raw["$ref"] === "string" ? raw["$ref"].replace(/^#\/\$defs\//, "") : undefined;
      if (i === path.length - 1 && ref !== undefined && KINDS.has(ref)) return ref;
      node = schema.resolve(raw);
    }
    const type = schema.resolve(node)?.["type"];
    return typeof type === "string" ? BY_JSON_TYPE[type] : undefined;
  };
}

/** The property schema before `$ref` resolution (the reference name carries the Go kind). */
function rawChild(
  schema: PreparedSchema,
  s: JsonSchema | undefined,
  key: string | number,
): JsonSchema | undefined {
  const r = schema.resolve(s);
  if (r === undefined) return undefined;
  if (typeof key === "number") return r["items"] as JsonSchema | undefined;
  const props = r["properties"] as Record<string, JsonSchema> | undefined;
  if (props?.[key] !== undefined) return props[key];
  const extra = r["additionalProperties"];
  return typeof extra === "object" && extra !== null ? (extra as JsonSchema) : undefined;
}

/**
 * Adds the int64 fields that references fill with ids (`run_job_task.job_id`, at any depth of a job's
 * tasks) when the schema does not say: the app runs without Databricks' schema (ADR 0006), and an id
 * left as text would differ from the number jobs/get returns, so every redeploy would look drifted.
 */
export function withIdKinds(kind: FieldKind | undefined): FieldKind {
  return (resourceType, path) =>
    kind?.(resourceType, path) ??
    (resourceType === "jobs" && path.at(-1) === "job_id" && path.at(-2) === "run_job_task"
      ? "int64"
      : undefined);
}
