import { error, warning, type Diagnostic } from "./diagnostics.js";
import { isMap, isSeq, map, scalar, seq, str, type DMap, type DValue } from "./dyn.js";
import { mapResources } from "./resources.js";

/**
 * Top-level `permissions` apply to every resource (bundle/config/mutator/resourcemutator/
 * apply_bundle_permissions.go): each level is translated to the resource type's own level and
 * appended to the resource's list, unless the resource already names that principal (a warning then,
 * naming the resource type as upstream does). Runs before fixPermissions. Only our resource types are
 * listed; registered models use Unity Catalog grants, not permissions.
 */
const ALLOWED = ["CAN_MANAGE", "CAN_VIEW", "CAN_RUN"];
const LEVELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  jobs: { CAN_MANAGE: "CAN_MANAGE", CAN_VIEW: "CAN_VIEW", CAN_RUN: "CAN_MANAGE_RUN" },
  experiments: { CAN_MANAGE: "CAN_MANAGE", CAN_VIEW: "CAN_READ" },
  models: { CAN_MANAGE: "CAN_MANAGE", CAN_VIEW: "CAN_READ" },
};
const PRINCIPALS: readonly [string, string][] = [
  ["group_name", "group"],
  ["user_name", "user name"],
  ["service_principal_name", "service principal name"],
];

const field = (p: DValue, k: string): string => (isMap(p) ? (str(p.entries.get(k)) ?? "") : "");

export function applyBundlePermissions(config: DMap): { config: DMap; diagnostics: Diagnostic[] } {
  const top = config.entries.get("permissions");
  if (!isSeq(top) || top.items.length === 0) return { config, diagnostics: [] };
  const bad = top.items.find((p) => !ALLOWED.includes(field(p, "level")));
  if (bad !== undefined) {
    const msg = `invalid permission level: ${field(bad, "level")}, allowed values: [${ALLOWED.join(", ")}]`;
    return { config, diagnostics: [error(msg, bad.loc)] };
  }
  const diagnostics: Diagnostic[] = [];
  let out = config;
  for (const [type, levels] of Object.entries(LEVELS)) {
    out = mapResources(out, type, (body) => {
      const own = body.entries.get("permissions");
      const existing = isSeq(own) ? own.items : [];
      const added = top.items.flatMap((p) => {
        const level = levels[field(p, "level")];
        if (level === undefined) return [];
        const overlaps = PRINCIPALS.filter(
          ([k]) => field(p, k) !== "" && existing.some((e) => field(e, k) === field(p, k)),
        );
        for (const [k, noun] of overlaps)
          diagnostics.push(warning(`'${type}' already has permissions set for '${field(p, k)}' ${noun}`));
        if (overlaps.length > 0) return [];
        const entries: [string, DValue][] = [["level", scalar(level)]];
        for (const [k] of PRINCIPALS) if (field(p, k) !== "") entries.push([k, scalar(field(p, k))]);
        return [map(entries)];
      });
      if (added.length === 0) return body;
      const entries = new Map(body.entries);
      entries.set("permissions", seq([...existing, ...added], isSeq(own) ? own.loc : undefined));
      return map(entries, body.loc);
    });
  }
  return { config: out, diagnostics };
}
