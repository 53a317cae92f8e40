/**
 * Located configuration values, modelled on the CLI's libs/dyn: every node remembers where it was
 * written so diagnostics can point at file:line:column even after merging and interpolation.
 */
export interface Location {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /**
   * Further places the value was written, accumulated by merges (a target override of a job keeps
   * the job's own location first, then the override's), as the CLI's dyn.Value keeps a list.
   * Carried on the location so every rebuild that keeps `loc` keeps them too.
   */
  readonly also?: readonly Location[];
}

/** Every location of a value, primary first. */
export function allLocations(loc: Location | undefined): Location[] {
  if (loc === undefined) return [];
  const { also, ...primary } = loc;
  return [primary, ...(also ?? []).flatMap(allLocations)];
}

/** `a`'s locations followed by `b`'s (libs/dyn AppendLocationsFromValue). */
export function appendLocations(a: Location | undefined, b: Location | undefined): Location | undefined {
  const [first, ...rest] = [...allLocations(a), ...allLocations(b)];
  return first === undefined ? undefined : rest.length === 0 ? first : { ...first, also: rest };
}

export type Scalar = string | number | bigint | boolean | null;

export interface DScalar {
  readonly kind: "scalar";
  readonly value: Scalar;
  readonly loc: Location | undefined;
}
export interface DSeq {
  readonly kind: "seq";
  readonly items: DValue[];
  readonly loc: Location | undefined;
}
export interface DMap {
  readonly kind: "map";
  /** Insertion-ordered; keys are unique. */
  readonly entries: Map<string, DValue>;
  readonly loc: Location | undefined;
}
export type DValue = DScalar | DSeq | DMap;

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export const scalar = (value: Scalar, loc?: Location): DScalar => ({ kind: "scalar", value, loc });
export const seq = (items: DValue[], loc?: Location): DSeq => ({ kind: "seq", items, loc });
export const map = (entries: Map<string, DValue> | [string, DValue][], loc?: Location): DMap => ({
  kind: "map",
  entries: entries instanceof Map ? entries : new Map(entries),
  loc,
});

export const isMap = (v: DValue | undefined): v is DMap => v?.kind === "map";
export const isSeq = (v: DValue | undefined): v is DSeq => v?.kind === "seq";
export const isNull = (v: DValue | undefined): boolean => v === undefined || (v.kind === "scalar" && v.value === null);
export const str = (v: DValue | undefined): string | undefined =>
  v?.kind === "scalar" && typeof v.value === "string" ? v.value : undefined;

/** Path rendered the way the CLI prints it: `resources.jobs.foo.tasks[0].task_key`. */
export function formatPath(path: Path): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? seg : `.${seg}`;
  }
  return out;
}

export function get(root: DValue | undefined, path: Path): DValue | undefined {
  let cur = root;
  for (const seg of path) {
    if (cur === undefined) return undefined;
    if (typeof seg === "number") cur = isSeq(cur) ? cur.items[seg] : undefined;
    else cur = isMap(cur) ? cur.entries.get(seg) : undefined;
  }
  return cur;
}

/** Returns a copy of root with value at path (intermediate maps are created). */
export function set(root: DValue, path: Path, value: DValue): DValue {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (typeof head === "number") {
    if (!isSeq(root)) throw new Error(`cannot index ${formatPath(path)}`);
    const items = [...root.items];
    const child = items[head];
    items[head] = child === undefined ? value : set(child, rest, value);
    return seq(items, root.loc);
  }
  const base = isMap(root) ? root : map([], root.loc);
  const entries = new Map(base.entries);
  const child = entries.get(head);
  entries.set(head, rest.length === 0 ? value : set(child ?? map([], value.loc), rest, value));
  return map(entries, base.loc);
}

/** Bottom-up rewrite; the visitor sees each node after its children were rewritten. */
export function walk(v: DValue, fn: (v: DValue, path: Path) => DValue, path: Path = []): DValue {
  if (v.kind === "map") {
    const entries = new Map<string, DValue>();
    for (const [k, child] of v.entries) entries.set(k, walk(child, fn, [...path, k]));
    return fn(map(entries, v.loc), path);
  }
  if (v.kind === "seq") return fn(seq(v.items.map((c, i) => walk(c, fn, [...path, i])), v.loc), path);
  return fn(v, path);
}

export type Plain = Scalar | Plain[] | { [k: string]: Plain };

export function toPlain(v: DValue): Plain {
  if (v.kind === "scalar") return v.value;
  if (v.kind === "seq") return v.items.map(toPlain);
  const out: { [k: string]: Plain } = {};
  for (const [k, child] of v.entries) out[k] = toPlain(child);
  return out;
}

export function fromPlain(p: unknown, loc?: Location): DValue {
  if (Array.isArray(p)) return seq(p.map((x) => fromPlain(x, loc)), loc);
  if (p !== null && typeof p === "object") {
    return map(Object.entries(p).map(([k, x]): [string, DValue] => [k, fromPlain(x, loc)]), loc);
  }
  if (p === undefined) return scalar(null, loc);
  return scalar(p as Scalar, loc);
}
