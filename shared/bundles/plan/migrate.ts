import type { Plain } from "../dyn.js";
import type { StateEntry } from "./types.js";

type Obj = { [k: string]: Plain };
const isObj = (v: Plain | undefined): v is Obj =>
  v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);

/**
 * The direct engine's state migrations (bundle/direct/dstate/migrate.go). Version 1 (and 0, a
 * state without `state_version`) stored permissions as `{object_id, permissions: [{permission_level,
 * …}]}` and grants as `{securable_type, full_name, grants}`; version 2 keeps the list under
 * `__embed__` and names the level `level`. Entries are rewritten in memory; the next write stores v2.
 */
export function migrateToV2(state: Record<string, StateEntry>): Record<string, StateEntry> {
  const out: Record<string, StateEntry> = {};
  for (const [key, entry] of Object.entries(state)) {
    const last = key.split(".").pop();
    const s = entry.state;
    if (!isObj(s) || Object.keys(s).length === 0) out[key] = entry;
    else if (last === "permissions") out[key] = { ...entry, state: migratePermissions(s) };
    else if (last === "grants")
      out[key] = {
        ...entry,
        state: withEmbed(
          { securable_type: str(s["securable_type"]), full_name: str(s["full_name"]) },
          s["grants"],
        ),
      };
    else out[key] = entry;
  }
  return out;
}

function migratePermissions(s: Obj): Obj {
  const list = Array.isArray(s["permissions"]) ? s["permissions"] : [];
  // Go's struct order and omitempty: level, user_name, service_principal_name, group_name.
  const embed = list.filter(isObj).map((p) => {
    const e: Obj = {};
    for (const [to, from] of [
      ["level", "permission_level"],
      ["user_name", "user_name"],
      ["service_principal_name", "service_principal_name"],
      ["group_name", "group_name"],
    ] as const) {
      const v = str(p[from]);
      if (v !== "") e[to] = v;
    }
    return e;
  });
  return withEmbed({ object_id: str(s["object_id"]) }, embed);
}

const str = (v: Plain | undefined): string => (typeof v === "string" ? v : "");

/** `__embed__` is omitted when empty (omitempty). */
function withEmbed(head: Obj, list: Plain | undefined): Obj {
  return Array.isArray(list) && list.length > 0 ? { ...head, __embed__: list } : head;
}
