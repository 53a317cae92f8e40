import type { Plain } from "../dyn.js";
import { isObj } from "./desired.js";
import { child, index, listKey } from "./paths.js";

export interface FieldChange {
  readonly path: string;
  readonly old: Plain | undefined;
  readonly new: Plain | undefined;
}

/** Structural equality; a bigint from YAML equals the same number read back from JSON state. */
export function same(a: Plain | undefined, b: Plain | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => same(a[k], b[k]));
  }
  if ((typeof a === "bigint" || typeof a === "number") && (typeof b === "bigint" || typeof b === "number")) return String(a) === String(b);
  return a === b;
}

/** A struct's embedded list (permissions) is diffed at the struct's own path, as libs/structs does. */
const EMBED = "__embed__";

/** Leaf-level differences between the deployed config (`old`) and the desired one (`new`). */
export function diff(old: Plain | undefined, next: Plain | undefined, path = ""): FieldChange[] {
  if (same(old, next)) return [];
  if (isObj(old) && isObj(next)) {
    const keys = [...new Set([...Object.keys(old), ...Object.keys(next)])].sort();
    return keys.flatMap((k) => diff(old[k], next[k], k === EMBED ? path : child(path, k)));
  }
  if (Array.isArray(old) && Array.isArray(next)) return diffLists(old, next, path);
  return [{ path, old, new: next }];
}

/** Lists of keyed objects (tasks by task_key, …) are matched by key, so local reordering is no change. */
function diffLists(old: Plain[], next: Plain[], path: string): FieldChange[] {
  const keyOf = keyFunction(old, next);
  if (keyOf !== undefined) {
    const byKey = (items: Plain[]): Map<string, Plain> => new Map(items.map((it) => [keyOf(it), it]));
    const a = byKey(old);
    const b = byKey(next);
    if (a.size === old.length && b.size === next.length) {
      const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
      return keys.flatMap((k) => diff(a.get(k), b.get(k), `${path}[${k}]`));
    }
  }
  if (old.length !== next.length) return [{ path, old, new: next }];
  return old.flatMap((x, i) => diff(x, next[i], index(path, i)));
}

/** Permission entries are keyed by their principal, whichever kind it is (permissionKey upstream). */
const PRINCIPALS = ["user_name", "service_principal_name", "group_name"];

/** `field='value'` identifying an element, when every element of both lists has one. */
function keyFunction(old: Plain[], next: Plain[]): ((item: Plain) => string) | undefined {
  const key = listKey(old);
  if (key !== undefined && key === listKey(next)) return (it) => `${key}='${str(it, key)}'`;
  const all = [...old, ...next];
  const principal = (it: Plain): string | undefined => PRINCIPALS.find((k) => str(it, k) !== "");
  if (all.length > 0 && all.every((it) => principal(it) !== undefined)) return (it) => `${principal(it) ?? ""}='${str(it, principal(it) ?? "")}'`;
  return undefined;
}

function str(item: Plain, key: string): string {
  const v = isObj(item) ? item[key] : undefined;
  return typeof v === "string" ? v : "";
}
