/**
 * Per-type planning rules of the direct engine for our resource types, from databricks/cli
 * bundle/direct/dresources/resources.yml (`recreate_on_changes`, `provided_id_fields`,
 * `ignore_local_changes`). A change under a recreate field replaces the resource.
 */
interface TypeRules {
  readonly recreate: readonly string[];
  readonly ignoreLocal: readonly { field: string; reason: string }[];
}

const RULES: Record<string, TypeRules> = {
  jobs: { recreate: [], ignoreLocal: [{ field: "deployment.version_id", reason: "managed by the deployment metadata service" }] },
  // Tag changes are shown but not applied, like Terraform (tags need separate API calls).
  experiments: { recreate: ["artifact_location"], ignoreLocal: [{ field: "tags", reason: "terraform_compat" }] },
  models: { recreate: ["name"], ignoreLocal: [{ field: "tags", reason: "terraform_compat" }] },
  registered_models: { recreate: ["name", "catalog_name", "schema_name"], ignoreLocal: [] },
};

const under = (path: string, field: string): boolean =>
  path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);

export type FieldVerdict = { action: "update" | "recreate" } | { action: "skip"; reason: string };

export function judgeField(type: string, path: string): FieldVerdict {
  const rules = RULES[type];
  if (rules === undefined) return { action: "update" };
  const ignored = rules.ignoreLocal.find((r) => under(path, r.field));
  if (ignored !== undefined) return { action: "skip", reason: ignored.reason };
  return rules.recreate.some((f) => under(path, f)) ? { action: "recreate" } : { action: "update" };
}
