import { error, type Diagnostic } from "./diagnostics.js";
import { isMap, type DValue, type Location } from "./dyn.js";

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
