import type { Transport } from "../../databricks/http.js";
import type { Plain } from "../dyn.js";
import { refsIn } from "../plan/refs.js";
import type { PlanEntry, StateEntry } from "../plan/types.js";
import type { ResourceHandler } from "./resources.js";

type Obj = Record<string, Plain>;

/**
 * `<resource>.permissions` sub-resources as the direct engine applies them
 * (bundle/direct/dresources/permissions.go): create and update both PUT the whole access control
 * list to `/api/2.0/permissions<object_id>`; delete does nothing (the parent's deletion takes its
 * ACL along, and a removed `permissions` block leaves the ACL as it is). The state is
 * `{object_id, __embed__: [{level, user_name | service_principal_name | group_name}]}`.
 */
const WIRE_KEYS = ["group_name", "permission_level", "service_principal_name", "user_name"] as const;

export const isPermissions = (node: string): boolean => node.endsWith(".permissions");

const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

interface AclEntry {
  user_name?: string;
  group_name?: string;
  service_principal_name?: string;
  all_permissions?: { permission_level?: string; inherited?: boolean }[];
}

export interface PermissionsApi {
  /** The object's direct entries as permissions state (inherited ones are not the bundle's: skipped, as upstream). */
  read(objectId: string): Promise<Plain>;
  set(state: Obj): Promise<void>;
}

export function permissionsApi(rest: Transport): PermissionsApi {
  return {
    async read(objectId) {
      const r = await rest.call<{ access_control_list?: AclEntry[] }>({
        method: "GET",
        path: `/api/2.0/permissions${objectId}`,
      });
      const embed: Obj[] = [];
      for (const acl of r.access_control_list ?? [])
        for (const p of acl.all_permissions ?? []) {
          if (p.inherited === true || p.permission_level === undefined) continue;
          const e: Obj = { level: p.permission_level };
          for (const k of ["user_name", "service_principal_name", "group_name"] as const)
            if (acl[k] !== undefined && acl[k] !== "") e[k] = acl[k];
          embed.push(e);
        }
      return { object_id: objectId, ...(embed.length > 0 ? { __embed__: embed } : {}) };
    },
    async set(state) {
      const list = Array.isArray(state["__embed__"]) ? state["__embed__"].filter(isObj) : [];
      // Keys in alphabetical order, as the CLI sends every body.
      const access_control_list = list.map((p) => {
        const out: Obj = {};
        for (const k of WIRE_KEYS) {
          const v = k === "permission_level" ? p["level"] : p[k];
          if (typeof v === "string" && v !== "") out[k] = v;
        }
        return out;
      });
      await rest.call({
        method: "PUT",
        path: `/api/2.0/permissions${typeof state["object_id"] === "string" ? state["object_id"] : ""}`,
        body: { access_control_list },
        idempotent: true,
      });
    },
  };
}

/**
 * The parent's object id the ACL belongs to: `${resources.<type>.<key>.id}` is the parent's state
 * id; any other field (models' numeric `model_id`) is read from the parent as the workspace has it.
 */
async function resolveObjectId(
  template: string,
  state: Record<string, StateEntry>,
  handlers: Record<string, ResourceHandler>,
): Promise<string> {
  let out = template;
  for (const ref of refsIn(template)) {
    const parent = state[ref.node];
    if (parent === undefined) throw new Error(`${ref.node} is not deployed`);
    const value =
      ref.field === "id"
        ? parent.__id__
        : (await handlers[ref.node.split(".")[1] ?? ""]?.read?.(parent.__id__))?.[ref.field];
    if (typeof value !== "string" || value === "") throw new Error(`cannot read ${ref.label}`);
    out = out.replace(ref.label, value);
  }
  return out;
}

/** Applies one permissions entry of a plan (create/update: PUT; delete: nothing) and returns its new state. */
export async function applyPermissions(
  entry: PlanEntry,
  state: Record<string, StateEntry>,
  handlers: Record<string, ResourceHandler>,
  api: PermissionsApi,
): Promise<StateEntry> {
  const value = isObj(entry.new_state?.value) ? entry.new_state.value : {};
  const given = value["object_id"];
  const template = entry.new_state?.vars?.["object_id"] ?? (typeof given === "string" ? given : "");
  const objectId = await resolveObjectId(template, state, handlers);
  if (!/^\/[a-z-]+(\/[a-z-]+)?\/[^/]+$/.test(objectId))
    throw new Error(`invalid permissions object id "${objectId}"`);
  const resolved: Obj = { ...value, object_id: objectId };
  await api.set(resolved);
  return {
    __id__: objectId,
    state: resolved,
    ...(entry.depends_on === undefined ? {} : { depends_on: entry.depends_on }),
  };
}
