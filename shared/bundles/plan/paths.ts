import type { Plain } from "../dyn.js";
import { isObj } from "./desired.js";

/** Elements of these lists are identified by a key field, so reordering them is not a change (tasks-reorder-locally). */
const LIST_KEYS = ["task_key", "job_cluster_key", "environment_key", "name", "key", "id"];

/** A field path printed like the CLI's structpath: `a.b[0].c`, `tags['x y']`, `tasks[task_key='t'].x`. */
export function child(path: string, key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return path === "" ? key : `${path}.${key}`;
  return `${path}['${key.replace(/'/g, "''")}']`;
}

export const index = (path: string, i: number): string => `${path}[${i}]`;

/** The key field shared by every element of a list of objects, if any. */
export function listKey(items: readonly Plain[]): string | undefined {
  if (items.length === 0) return undefined;
  return LIST_KEYS.find((k) => items.every((it) => isObj(it) && typeof it[k] === "string"));
}

/** Every string leaf of a value with its path (for `${resources...}` references). */
export function stringLeaves(v: Plain, path = ""): [string, string][] {
  if (typeof v === "string") return [[path, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringLeaves(x, index(path, i)));
  if (isObj(v)) return Object.entries(v).flatMap(([k, x]) => stringLeaves(x, child(path, k)));
  return [];
}

/** Reads a dotted field of a resource (`id`, `name`, `tasks[0].task_key`) from a plain value. */
export function readField(v: Plain | undefined, field: string): Plain | undefined {
  let cur: Plain | undefined = v;
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) cur = Array.isArray(cur) ? cur[Number(m[2])] : undefined;
    else cur = isObj(cur) ? cur[m[1] ?? ""] : undefined;
  }
  return cur;
}
