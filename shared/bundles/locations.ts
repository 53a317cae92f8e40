import { allLocations, isMap, isSeq, type DMap, type DValue, type Location, type Plain } from "./dyn.js";

/**
 * `validate --include-locations`: the `__locations` block (libs/dyn/dynloc, version 1). Only the
 * paths the CLI records: top-level fields, resource groups, resources, and job tasks with their
 * items. Files are listed sorted; each location is `[file index, line, column]`, every place a value
 * was written (merges accumulate them, see merge.ts). Values the engine computed have no location
 * and are left out, as upstream.
 */
export function buildLocations(config: DMap): Plain {
  const byPath = new Map<string, Location[]>();
  const add = (path: string, v: DValue | undefined): void => {
    const locs = allLocations(v?.loc);
    if (locs.length > 0) byPath.set(path, locs);
  };
  for (const [key, v] of config.entries) add(key, v);
  const resources = config.entries.get("resources");
  if (isMap(resources)) {
    for (const [type, group] of resources.entries) {
      add(`resources.${type}`, group);
      if (!isMap(group)) continue;
      for (const [name, body] of group.entries) {
        add(`resources.${type}.${name}`, body);
        const tasks = type === "jobs" && isMap(body) ? body.entries.get("tasks") : undefined;
        add(`resources.${type}.${name}.tasks`, tasks);
        if (isSeq(tasks)) tasks.items.forEach((t, i) => add(`resources.${type}.${name}.tasks[${i}]`, t));
      }
    }
  }
  const files = [...new Set([...byPath.values()].flat().map((l) => l.file))].sort();
  const locations: Record<string, Plain> = {};
  for (const [path, locs] of byPath)
    locations[path] = locs.map((l) => [files.indexOf(l.file), l.line, l.column]);
  return { files, locations, version: 1 };
}
