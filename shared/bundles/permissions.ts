import { isMap, isSeq, map, scalar, seq, str, type DMap, type DValue } from "./dyn.js";
import { mapResources } from "./resources.js";
import type { CurrentUser } from "./workspace.js";

/**
 * The deploying user must keep managing what it deploys (bundle/config/mutator/resourcemutator/
 * fix_permissions.go): on every `resources.<type>.<key>.permissions` list it adds IS_OWNER for that
 * user where the type supports owners (jobs) unless someone already owns it, upgrading the user's
 * CAN_MANAGE rather than adding a second entry; otherwise CAN_MANAGE. Then each principal keeps one
 * entry, at its highest level, in order of first appearance. Visible in `validate -o json`.
 */
const HAS_OWNER = new Set(["jobs", "pipelines", "sql_warehouses"]);
const IGNORED = new Set(["secret_scopes"]);
const PRINCIPALS = ["user_name", "service_principal_name", "group_name"] as const;

/** Permission levels from least to most permissive (bundle/config/resources/permission.go). */
const ORDER = [
  "CAN_VIEW",
  "CAN_READ",
  "CAN_VIEW_METADATA",
  "CAN_RUN",
  "CAN_QUERY",
  "CAN_USE",
  "CAN_EDIT",
  "CAN_EDIT_METADATA",
  "CAN_CREATE",
  "CAN_ATTACH_TO",
  "CAN_RESTART",
  "CAN_MONITOR",
  "CAN_MANAGE_RUN",
  "CAN_MANAGE_STAGING_VERSIONS",
  "CAN_MANAGE_PRODUCTION_VERSIONS",
  "CAN_MANAGE",
  "IS_OWNER",
];

export function fixPermissions(config: DMap, user: CurrentUser): DMap {
  const resources = config.entries.get("resources");
  if (!isMap(resources)) return config;
  let out = config;
  for (const type of resources.entries.keys()) {
    if (IGNORED.has(type)) continue;
    out = mapResources(out, type, (body) => {
      const perms = body.entries.get("permissions");
      if (!isSeq(perms)) return body;
      const fixed = maximumLevels(ensureManager(perms.items, user, HAS_OWNER.has(type)));
      const entries = new Map(body.entries);
      entries.set("permissions", seq(fixed, perms.loc));
      return map(entries, body.loc);
    });
  }
  return out;
}

const field = (p: DValue, k: string): string => (isMap(p) ? (str(p.entries.get(k)) ?? "") : "");
const userOf = (p: DValue): string => field(p, "user_name") || field(p, "service_principal_name");

function ensureManager(items: DValue[], user: CurrentUser, ownerType: boolean): DValue[] {
  const me = user.userName;
  let canAddOwner = ownerType;
  let manageAt = -1;
  for (const [i, p] of items.entries()) {
    const level = field(p, "level");
    if (level === "") continue;
    if (level === "IS_OWNER") {
      if (userOf(p) === me) return items;
      canAddOwner = false;
    }
    if (userOf(p) === me && level === "CAN_MANAGE") manageAt = i;
  }
  const entry = (level: string): DValue =>
    map([
      ["level", scalar(level)],
      [user.isServicePrincipal === true ? "service_principal_name" : "user_name", scalar(me)],
    ]);
  if (canAddOwner) {
    if (manageAt < 0) return [...items, entry("IS_OWNER")];
    return items.map((p, i) =>
      i === manageAt && isMap(p) ? map(new Map([...p.entries, ["level", scalar("IS_OWNER")]]), p.loc) : p,
    );
  }
  return manageAt < 0 ? [...items, entry("CAN_MANAGE")] : items;
}

/** GetLevelScore: "" is lowest, an unknown level ranks as the longest known level it starts with, else just above "". */
function score(level: string): number {
  if (level === "") return -1;
  const known = ORDER.includes(level)
    ? level
    : ORDER.filter((l) => level.startsWith(l)).sort((a, b) => b.length - a.length)[0];
  return known === undefined ? 0 : ORDER.indexOf(known) + 1;
}

const higher = (a: string, b: string): string =>
  score(a) !== score(b) ? (score(a) > score(b) ? a : b) : a >= b ? a : b;

function maximumLevels(items: DValue[]): DValue[] {
  const levels = new Map<string, string>();
  for (const p of items) {
    const level = field(p, "level");
    const kind = PRINCIPALS.find((k) => field(p, k) !== "");
    if (level === "" || kind === undefined) continue;
    const key = `${kind}:${field(p, kind)}`;
    levels.set(key, higher(levels.get(key) ?? "", level));
  }
  return [...levels].map(([key, level]) => {
    const [kind = "", ...rest] = key.split(":");
    return map([
      ["level", scalar(level)],
      [kind, scalar(rest.join(":"))],
    ]);
  });
}
