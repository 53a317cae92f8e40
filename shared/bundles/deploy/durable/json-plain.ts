import type { Plain } from "../../dyn.js";
import type { StateEntry } from "../../plan/types.js";

/**
 * Durable payloads are JSON, but bundle values may hold a bigint (an int64 job id beyond 2^53 written in
 * YAML). It crosses the boundary tagged, `{"$int64": "<digits>"}`, and comes back as the same bigint, so
 * the durable path sends the very bodies the one-call engine sends. No bundle key starts with `$`.
 */
const TAG = "$int64";

export function toJson(v: Plain): unknown {
  if (typeof v === "bigint") return { [TAG]: v.toString() };
  if (Array.isArray(v)) return v.map(toJson);
  if (v !== null && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}

export function fromJson(v: unknown): Plain {
  if (Array.isArray(v)) return v.map(fromJson);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const tag = o[TAG];
    if (typeof tag === "string" && Object.keys(o).length === 1) return BigInt(tag);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, fromJson(x)]));
  }
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v === null) return v;
  return null;
}

/** A state entry as it crosses the durable boundary. */
export interface JsonEntry {
  readonly __id__: string;
  readonly state: unknown;
  readonly depends_on?: readonly { readonly node: string; readonly label: string }[];
}

export const entryToJson = (e: StateEntry): JsonEntry => ({
  __id__: e.__id__,
  state: toJson(e.state),
  ...(e.depends_on === undefined ? {} : { depends_on: e.depends_on }),
});

export const entryFromJson = (e: JsonEntry): StateEntry => ({
  __id__: e.__id__,
  state: fromJson(e.state),
  ...(e.depends_on === undefined ? {} : { depends_on: e.depends_on.map((d) => ({ ...d })) }),
});

export const entriesFromJson = (m: Readonly<Record<string, JsonEntry>>): Record<string, StateEntry> =>
  Object.fromEntries(Object.entries(m).map(([k, e]) => [k, entryFromJson(e)]));
