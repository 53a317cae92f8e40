import type { Plain } from "../dyn.js";
import { isObj } from "./desired.js";
import { child, index, stringLeaves } from "./paths.js";
import { convertTo, goType, goValue } from "./convert.js";
import type { DependsOn } from "./types.js";

const REF = /\$\{resources\.([A-Za-z0-9_-]+)\.([^.${}]+)\.([^${}]+)\}/g;

export interface Ref {
  readonly node: string;
  readonly field: string;
  readonly label: string;
}

export function refsIn(text: string): Ref[] {
  return [...text.matchAll(REF)].map((m) => ({ node: `resources.${m[1] ?? ""}.${m[2] ?? ""}`, field: m[3] ?? "", label: m[0] }));
}

/** `depends_on` of a resource: one entry per distinct reference, sorted like the CLI's output. */
export function dependsOn(value: Plain): DependsOn[] {
  const seen = new Map<string, DependsOn>();
  for (const [, text] of stringLeaves(value)) for (const r of refsIn(text)) seen.set(`${r.node}\u0000${r.label}`, { node: r.node, label: r.label });
  return [...seen.values()].sort((a, b) => (a.node === b.node ? cmp(a.label, b.label) : cmp(a.node, b.node)));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** What a reference resolves to; undefined = not known until deploy (the target is being created). */
export type Lookup = (ref: Ref) => Plain | undefined;

export interface Resolved {
  readonly value: Plain;
  /** Paths of fields that still hold references, with their text (plan `new_state.vars`). */
  readonly vars: Record<string, string>;
  /** Resolved values the field's type cannot hold, worded like the CLI's plan errors. */
  readonly errors: string[];
}

/** Go kind of a field of this resource (see field-kind.ts) and the Go type printed in errors. */
export interface Typing {
  readonly kindOf: (path: readonly (string | number)[]) => string | undefined;
  readonly goStruct: string;
}

/**
 * Substitutes known references. A field that is exactly one reference takes the value's type (an id
 * into `run_job_task.job_id`); an embedded one is stringified, as validate does for `${var...}`.
 */
export function resolveRefs(value: Plain, lookup: Lookup, typing?: Typing): Resolved {
  const vars: Record<string, string> = {};
  const errors: string[] = [];
  const visit = (v: Plain, path: string, segs: (string | number)[]): Plain => {
    if (typeof v === "string") {
      const out = resolveString(v, path, lookup, vars);
      return out === v || typing === undefined ? out : typed(out, v, path, segs, typing, errors);
    }
    if (Array.isArray(v)) return v.map((x, i) => visit(x, index(path, i), [...segs, i]));
    if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, visit(x, child(path, k), [...segs, k])]));
    return v;
  };
  return { value: visit(value, "", []), vars, errors };
}

function resolveString(text: string, path: string, lookup: Lookup, vars: Record<string, string>): Plain {
  const refs = refsIn(text);
  if (refs.length === 0) return text;
  const values = refs.map(lookup);
  if (values.some((x) => x === undefined)) {
    vars[path] = text;
    return text;
  }
  const whole = refs.length === 1 && refs[0]?.label === text;
  if (whole) return values[0] ?? null;
  let i = 0;
  return text.replace(REF, () => scalarText(values[i++]));
}

/** The resolved value as the field's Go type holds it; an error when it cannot (structvar.ResolveRef). */
function typed(value: Plain, text: string, path: string, segs: (string | number)[], typing: Typing, errors: string[]): Plain {
  const kind = typing.kindOf(segs);
  if (kind === undefined) return value;
  const c = convertTo(kind, value);
  if ("ok" in c) return c.ok;
  const ref = refsIn(text)[0]?.label ?? text;
  const cause = refsIn(text).length === 1 && ref === text
    ? `cannot set (${typing.goStruct}).${path} to ${goType(value)} (${goValue(value)})`
    : `cannot update ${path} to string`;
  errors.push(`cannot update ${path} with value of ${JSON.stringify(ref)}: ${cause}: ${c.error}`);
  return value;
}

/** Embedded references print scalars as text; a map or list is printed as JSON. */
function scalarText(v: Plain | undefined): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "object") return JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));
  return String(v);
}
