import type { Plain } from "../dyn.js";
import { isObj, type DesiredResource } from "./desired.js";

/**
 * Permissions as the direct engine plans them: a sub-resource `<resource>.permissions` per resource
 * that declares some (bundle/direct/dresources/permissions.go). Its state is
 * `{object_id, __embed__: [{level, user_name | service_principal_name | group_name}]}`; object_id is
 * `/<object type>/${<resource>.<id field>}`, known only once the parent is deployed.
 */
const OBJECT_TYPE: Readonly<Record<string, { prefix: string; idField: string }>> = {
  jobs: { prefix: "/jobs/", idField: "id" },
  experiments: { prefix: "/experiments/", idField: "id" },
  // The permissions API wants the numeric model id, not the name the CRUD calls use.
  models: { prefix: "/registered-models/", idField: "model_id" },
};

export const PERMISSIONS_TYPE = "permissions";

/** The permissions sub-resources of a resolved config's resources (after FixPermissions in validate). */
export function desiredPermissions(config: Plain): DesiredResource[] {
  const out: DesiredResource[] = [];
  const resources = isObj(config) ? config["resources"] : undefined;
  if (!isObj(resources)) return out;
  for (const [type, t] of Object.entries(OBJECT_TYPE)) {
    const group = resources[type];
    if (!isObj(group)) continue;
    for (const [key, body] of Object.entries(group)) {
      const perms = isObj(body) ? body["permissions"] : undefined;
      if (!Array.isArray(perms)) continue;
      const parent = `resources.${type}.${key}`;
      const embed = perms.filter(isObj).map(statePermission);
      const value = {
        object_id: `${t.prefix}\${${parent}.${t.idField}}`,
        ...(embed.length > 0 ? { __embed__: embed } : {}),
      };
      out.push({ node: `${parent}.permissions`, type: PERMISSIONS_TYPE, value });
    }
  }
  return out;
}

/** StatePermission: Go field order and omitempty. */
function statePermission(p: { [k: string]: Plain }): Plain {
  const e: { [k: string]: Plain } = {};
  for (const k of ["level", "user_name", "service_principal_name", "group_name"])
    if (typeof p[k] === "string" && p[k] !== "") e[k] = p[k];
  return e;
}

/**
 * The typed permissions state cannot hold a reference: while the parent's id is unknown, object_id
 * is "" in `new_state.value` and the reference lives in `vars` (PrepareInputConfig upstream).
 */
export function typedPermissionsValue(value: Plain, vars: Record<string, string>): Plain {
  return isObj(value) && vars["object_id"] !== undefined ? { ...value, object_id: "" } : value;
}
