import { error, type Diagnostic } from "./diagnostics.js";
import { isMap, type DValue, type Location, type Path } from "./dyn.js";
import { hasRef } from "./interpolate.js";

/**
 * A resource key must be defined once across all files: the merge would otherwise silently combine two
 * definitions (bundle/config/validate/unique_resource_keys.go).
 */
export function checkDuplicateResources(configs: readonly DValue[]): Diagnostic[] {
  const seen = new Map<string, Location[]>();
  for (const config of configs) {
    const resources = isMap(config) ? config.entries.get("resources") : undefined;
    if (!isMap(resources)) continue;
    for (const [, group] of resources.entries) {
      if (!isMap(group)) continue;
      for (const [key, value] of group.entries) {
        const locs = seen.get(key) ?? [];
        if (value.loc !== undefined) locs.push(value.loc);
        seen.set(key, locs);
      }
    }
  }
  const out: Diagnostic[] = [];
  for (const [key, locs] of seen) {
    if (locs.length < 2) continue;
    const d = error(`multiple resources have been defined with the same key: ${key}`, locs[0]);
    out.push({ ...d, locations: locs });
  }
  return out;
}

/**
 * Resource keys name state entries and references, so they must be static: `${var.env}_job` is
 * refused, in the root and in every target, before targets are merged
 * (bundle/config/validate/no_variable_reference_in_resource_key.go).
 */
export function checkResourceKeyReferences(config: DValue): Diagnostic[] {
  const out: Diagnostic[] = [];
  const scan = (resources: DValue | undefined, prefix: Path): void => {
    if (!isMap(resources)) return;
    for (const [type, group] of resources.entries) {
      if (!isMap(group)) continue;
      for (const [key, value] of group.entries) {
        if (hasRef(key)) out.push(error(`resource key ${JSON.stringify(key)} must not contain variable references`, value.loc, [...prefix, type, key]));
      }
    }
  };
  if (!isMap(config)) return out;
  scan(config.entries.get("resources"), ["resources"]);
  const targets = config.entries.get("targets");
  if (isMap(targets)) for (const [name, t] of targets.entries) if (isMap(t)) scan(t.entries.get("resources"), ["targets", name, "resources"]);
  return out;
}
