import { isMap, map, type DMap, type DValue } from "./dyn.js";

/** Rewrites every `resources.<type>.<key>` body of one type with fn. */
export function mapResources(config: DMap, type: string, fn: (body: DMap, key: string) => DMap): DMap {
  const resources = config.entries.get("resources");
  const group = isMap(resources) ? resources.entries.get(type) : undefined;
  if (!isMap(group) || !isMap(resources)) return config;
  const out = new Map<string, DValue>();
  for (const [key, body] of group.entries) out.set(key, isMap(body) ? fn(body, key) : body);
  const res = new Map(resources.entries);
  res.set(type, map(out, group.loc));
  const entries = new Map(config.entries);
  entries.set("resources", map(res, resources.loc));
  return map(entries, config.loc);
}

export function withEntry(m: DMap, key: string, value: DValue | undefined): DMap {
  const entries = new Map(m.entries);
  if (value === undefined) entries.delete(key);
  else entries.set(key, value);
  return map(entries, m.loc);
}

export function setDefault(m: DMap, key: string, value: DValue): DMap {
  const cur = m.entries.get(key);
  if (cur !== undefined && !(cur.kind === "scalar" && (cur.value === null || cur.value === 0 || cur.value === ""))) return m;
  return withEntry(m, key, value);
}
