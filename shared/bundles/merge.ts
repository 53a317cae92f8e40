import { appendLocations, isNull, map, scalar, seq, type DMap, type DValue } from "./dyn.js";

/**
 * The CLI's libs/dyn/merge semantics: maps merge key by key, sequences concatenate, scalars are
 * replaced; a null override leaves the original in place. Locations accumulate as upstream: a merged
 * map or sequence keeps the base's first and adds the override's; a replaced scalar keeps its own first.
 */
export function merge(base: DValue | undefined, over: DValue | undefined): DValue | undefined {
  if (base === undefined || isNull(base)) return over ?? base;
  if (over === undefined || isNull(over)) return base;
  if (base.kind === "map" && over.kind === "map") return mergeMaps(base, over);
  if (base.kind === "seq" && over.kind === "seq") return seq([...base.items, ...over.items], appendLocations(base.loc, over.loc));
  return over.kind === "scalar" && base.kind === "scalar" ? scalar(over.value, appendLocations(over.loc, base.loc)) : over;
}

function mergeMaps(base: DMap, over: DMap): DMap {
  const entries = new Map(base.entries);
  for (const [k, v] of over.entries) {
    const merged = merge(entries.get(k), v);
    if (merged !== undefined) entries.set(k, merged);
  }
  return map(entries, appendLocations(base.loc, over.loc));
}

/**
 * Collapses sequence elements that share a key (tasks by task_key, …) into one, merging later
 * elements into the first; order of first appearance is kept (bundle/config/mutator merge_job_*.go).
 */
export function mergeByKey(items: readonly DValue[], keyField: string): DValue[] {
  const order: string[] = [];
  const byKey = new Map<string, DValue>();
  for (const item of items) {
    if (item.kind !== "map") {
      order.push(`\u0000${order.length}`);
      byKey.set(order[order.length - 1] ?? "", item);
      continue;
    }
    const k = item.entries.get(keyField);
    const key = k?.kind === "scalar" && k.value !== null ? String(k.value) : "";
    const prev = byKey.get(key);
    if (prev === undefined) order.push(key);
    byKey.set(key, prev === undefined ? item : (merge(prev, item) ?? item));
  }
  return order.map((k) => byKey.get(k)).filter((v): v is DValue => v !== undefined);
}
