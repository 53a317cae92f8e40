import type { Store } from "./db.js";
import { ApiError, invalid } from "./http.js";
import type { JobStore } from "./jobs/job-store.js";
import { type Ctx, routeTable } from "./router.js";

/**
 * The object permissions API (`/api/2.0/permissions/{type}/{id}`): GET reads the ACL, PUT replaces
 * the direct entries, PATCH adds or changes entries by principal. Shapes follow the Databricks REST
 * reference (ObjectPermissions, AccessControlResponse); rules follow databricks/cli libs/testserver
 * permissions.go where the reference is silent (a job has exactly one owner; admins inherit
 * CAN_MANAGE on jobs). Only the object types bundles deploy are known.
 */
const OBJECT_TYPES: Readonly<Record<string, { type: string; levels: readonly string[] }>> = {
  jobs: { type: "job", levels: ["CAN_VIEW", "CAN_MANAGE_RUN", "IS_OWNER", "CAN_MANAGE"] },
  experiments: { type: "mlflowExperiment", levels: ["CAN_READ", "CAN_EDIT", "CAN_MANAGE"] },
  "registered-models": {
    type: "registered-model",
    levels: [
      "CAN_READ",
      "CAN_EDIT",
      "CAN_MANAGE_STAGING_VERSIONS",
      "CAN_MANAGE_PRODUCTION_VERSIONS",
      "CAN_MANAGE",
    ],
  },
};
const PRINCIPALS = ["user_name", "group_name", "service_principal_name"] as const;

/** One direct (not inherited) entry: a principal and its level. */
interface Entry {
  principal: (typeof PRINCIPALS)[number];
  name: string;
  level: string;
}

export function permissionsEndpoints(store: Store, jobs: JobStore, user: string) {
  store.db.exec("CREATE TABLE IF NOT EXISTS permissions (object_id TEXT PRIMARY KEY, doc TEXT NOT NULL)");
  const load = (objectId: string): Entry[] | undefined => {
    const row = store.db.prepare("SELECT doc FROM permissions WHERE object_id = ?").get(objectId) as
      { doc: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.doc) as Entry[]);
  };
  const save = (objectId: string, entries: Entry[]): void =>
    void store.db
      .prepare(
        "INSERT INTO permissions (object_id, doc) VALUES (?, ?) ON CONFLICT(object_id) DO UPDATE SET doc = excluded.doc",
      )
      .run(objectId, JSON.stringify(entries));

  /** The object, checked: jobs must exist; MLflow objects live in the MLflow server and are not checked. */
  const target = (c: Ctx): { kind: string; id: string; objectId: string } => {
    const [kind = "", id = ""] = c.params;
    if (OBJECT_TYPES[kind] === undefined) throw invalid(`request_object_type is not recognized: ${kind}`);
    if (kind === "jobs" && jobs.find(id) === undefined)
      throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", `Job ${id} does not exist.`);
    return { kind, id, objectId: `/${kind}/${id}` };
  };
  /** Before any PUT a job is owned by its creator, as in a real workspace. */
  const current = (kind: string, id: string, objectId: string): Entry[] =>
    load(objectId) ??
    (kind === "jobs"
      ? [{ principal: "user_name", name: jobs.find(id)?.creator_user_name ?? user, level: "IS_OWNER" }]
      : []);
  const view = (kind: string, objectId: string, entries: Entry[]) => ({
    object_id: objectId,
    object_type: OBJECT_TYPES[kind]?.type,
    access_control_list: [
      ...entries.map((e) => ({
        [e.principal]: e.name,
        ...(e.principal === "group_name" ? {} : { display_name: e.name }),
        all_permissions: [{ permission_level: e.level, inherited: false }],
      })),
      ...(kind === "jobs"
        ? [
            {
              group_name: "admins",
              all_permissions: [
                { permission_level: "CAN_MANAGE", inherited: true, inherited_from_object: ["/jobs/"] },
              ],
            },
          ]
        : []),
    ],
  });
  const write = (c: Ctx, replace: boolean): unknown => {
    const { kind, id, objectId } = target(c);
    const requested = parseAcl(c.json()["access_control_list"], kind);
    const merged = replace ? [] : current(kind, id, objectId);
    for (const e of requested) {
      const at = merged.findIndex((m) => m.principal === e.principal && m.name === e.name);
      if (at >= 0) merged[at] = e;
      else merged.push(e);
    }
    if (kind === "jobs" && merged.filter((e) => e.level === "IS_OWNER").length !== 1)
      throw invalid("The job must have exactly one owner.");
    save(objectId, merged);
    return view(kind, objectId, merged);
  };
  const path = /^\/api\/2\.0\/permissions\/([a-z-]+)\/([^/]+)$/;
  return routeTable([
    {
      method: "GET",
      path,
      handler: (c) => {
        const { kind, id, objectId } = target(c);
        return view(kind, objectId, current(kind, id, objectId));
      },
    },
    { method: "PUT", path, handler: (c) => write(c, true) },
    { method: "PATCH", path, handler: (c) => write(c, false) },
  ]);
}

function parseAcl(value: unknown, kind: string): Entry[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid("access_control_list must be an array");
  const levels = OBJECT_TYPES[kind]?.levels ?? [];
  return value.map((raw: unknown) => {
    const e = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const named = PRINCIPALS.filter((p) => typeof e[p] === "string" && e[p] !== "");
    const principal = named[0];
    if (principal === undefined || named.length > 1)
      throw invalid("Exactly one of user_name, group_name or service_principal_name must be set");
    const level = e["permission_level"];
    if (typeof level !== "string" || !levels.includes(level))
      throw invalid(
        `Permission level ${String(level)} is not supported for ${kind}; allowed: ${levels.join(", ")}`,
      );
    return { principal, name: e[principal] as string, level };
  });
}
