import { error, type Diagnostic } from "./diagnostics.js";
import { formatPath, get, scalar, walk, type DMap, type DValue, type Path, type PathSegment } from "./dyn.js";

/** `${...}` without nested braces: the innermost reference of `${var.a_${var.b}}` matches first. */
const REF = /\$\{([^${}]+)\}/gu;
const PATH_SYNTAX = /^[\p{L}][\p{L}\p{N}_-]*(\[[0-9]+\])*(\.[\p{L}][\p{L}\p{N}_-]*(\[[0-9]+\])*)*$/u;
/** The CLI gives up on references that keep producing references after this many rounds. */
export const MAX_ROUNDS = 11;

export const hasRef = (s: string): boolean => new RegExp(REF.source, "u").test(s);

export function parseRefPath(ref: string): PathSegment[] | undefined {
  if (!PATH_SYNTAX.test(ref)) return undefined;
  const out: PathSegment[] = [];
  for (const part of ref.split(".")) {
    const m = /^([^[]+)((\[[0-9]+\])*)$/u.exec(part);
    if (m === null || m[1] === undefined) return undefined;
    out.push(m[1]);
    for (const idx of (m[2] ?? "").matchAll(/\[([0-9]+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/** Which references a pass resolves; others (`resources.*`) stay as text for deploy time. */
export type RefFilter = (path: readonly PathSegment[]) => boolean;

class Cycle extends Error {}

/**
 * Resolves references in place of their values, looking them up in the config being resolved (so a
 * reference to a field that itself holds references is resolved first, and loops are detected).
 * `var.x` is shorthand for `variables.x.value`. On a cycle the config is returned unchanged.
 */
export function resolveReferences(config: DMap, accept: RefFilter): { config: DMap; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const memo = new Map<string, DValue>();
  const lookup = (ref: string, stack: string[], at: Path): DValue | undefined => {
    if (stack.includes(ref)) {
      diagnostics.push(error(`cycle detected in field resolution: ${[formatPath(at), ...stack, ref].join(" -> ")}`));
      throw new Cycle();
    }
    const cached = memo.get(ref);
    if (cached !== undefined) return cached;
    const segs = parseRefPath(ref) ?? [];
    const target = segs[0] === "var" ? ["variables", segs[1] ?? "", "value", ...segs.slice(2)] : segs;
    const raw = get(config, target);
    if (raw === undefined) return undefined;
    const resolved = resolveValue(raw, [...stack, ref], at);
    memo.set(ref, resolved);
    return resolved;
  };
  const resolveValue = (v: DValue, stack: string[], at: Path): DValue =>
    walk(v, (node) => (node.kind === "scalar" && typeof node.value === "string" ? resolveString(node, stack, at) : node));
  const resolveString = (node: DValue & { kind: "scalar" }, stack: string[], at: Path): DValue => {
    let current: DValue = node;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (current.kind !== "scalar" || typeof current.value !== "string") return current;
      const next = substitute(current.value, current, (ref) => {
        const segs = parseRefPath(ref);
        if (segs === undefined || !accept(segs)) return undefined;
        const found = lookup(ref, stack, at);
        if (found === undefined) diagnostics.push(error(`reference does not exist: \${${ref}}`, node.loc, at));
        return found;
      });
      if (next === current) return current;
      current = next;
    }
    return current;
  };
  try {
    const out = walk(config, (node, path) =>
      node.kind === "scalar" && typeof node.value === "string" && path[0] !== "variables" ? resolveString(node, [], path) : node,
    );
    const withVars = resolveVariables(out as DMap, resolveString);
    return { config: withVars, diagnostics: dedupe(diagnostics) };
  } catch (e) {
    if (e instanceof Cycle) return { config, diagnostics: dedupe(diagnostics) };
    throw e;
  }
}

/** Variables are resolved too (their `default` and `value` are shown resolved by validate). */
function resolveVariables(config: DMap, resolveString: (n: DValue & { kind: "scalar" }, s: string[], at: Path) => DValue): DMap {
  const vars = config.entries.get("variables");
  if (vars === undefined) return config;
  const resolved = walk(vars, (node, path) =>
    node.kind === "scalar" && typeof node.value === "string" ? resolveString(node, [], ["variables", ...path]) : node,
  );
  const entries = new Map(config.entries);
  entries.set("variables", resolved);
  return { ...config, entries };
}

/** One pass over a string: a lone reference keeps the value's type, embedded ones are stringified. */
function substitute(text: string, node: DValue, lookup: (ref: string) => DValue | undefined): DValue {
  const whole = /^\$\{([^${}]+)\}$/u.exec(text);
  if (whole?.[1] !== undefined) {
    const v = lookup(whole[1]);
    return v === undefined ? node : relocate(v, node);
  }
  let changed = false;
  const out = text.replace(REF, (m, ref: string) => {
    const v = lookup(ref);
    if (v === undefined || v.kind !== "scalar") return m;
    changed = true;
    return v.value === null ? "" : String(v.value);
  });
  return changed ? scalar(out, node.loc) : node;
}

const relocate = (v: DValue, at: DValue): DValue => (v.kind === "scalar" ? scalar(v.value, at.loc) : v);

function dedupe(diags: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diags.filter((d) => {
    const k = d.summary + JSON.stringify(d.locations);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
