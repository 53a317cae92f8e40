import { warning, type Diagnostic } from "./diagnostics.js";
import { map, scalar, seq, type DValue, type Path } from "./dyn.js";
import { coerce, kindOf } from "./coerce.js";
import { allowsKey, type JsonSchema, type PreparedSchema } from "./schema.js";

/**
 * Coerces scalars to the type the schema declares (an int `existing_cluster_id: 500` becomes "500",
 * `true` in a string map becomes "true") and drops unknown fields with a warning, as the CLI's typed
 * conversion (libs/dyn/convert/normalize.go) does. A scalar that cannot be converted is dropped
 * with the CLI's warning (`cannot parse "lots" as an integer`, `expected bool, found string`), at load
 * and again after interpolation, where a variable may have brought a value of the wrong type.
 */
export function normalizeConfig(value: DValue, schema: PreparedSchema, opts: { unknown: "drop" | "keep" } = { unknown: "drop" }): { value: DValue; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const out = visit(value, schema.root, [], schema, diagnostics, opts.unknown === "drop");
  return { value: out ?? value, diagnostics };
}

const READONLY = new Set(["id", "url", "modified_status"]);

function visit(v: DValue, s: JsonSchema | undefined, path: Path, schema: PreparedSchema, diags: Diagnostic[], drop: boolean): DValue | undefined {
  const r = schema.resolve(s);
  if (r === undefined) return v;
  if (v.kind === "map") {
    if (r["type"] !== "object") return r["type"] === "string" ? mismatch(v, "string", path, diags) : v;
    const entries = new Map<string, DValue>();
    for (const [k, child] of v.entries) {
      // `variables.<name>.value` is output-only in the schema but users may set it directly.
      const userValue = k === "value" && path.length === 2 && path[0] === "variables";
      // Read-only resource fields (`bundle:"readonly"` upstream) are accepted in config, absent from the schema.
      const readonly = path.length === 3 && path[0] === "resources" && READONLY.has(k);
      if (readonly) {
        entries.set(k, child.kind === "scalar" && child.value !== null ? scalar(String(child.value), child.loc) : child);
        continue;
      }
      if (!userValue && !allowsKey(schema, r, k)) {
        if (drop) diags.push(warning(`unknown field: ${k}`, v.loc, path));
        if (drop) continue;
        entries.set(k, child);
        continue;
      }
      const typed = visit(child, schema.child(r, k), [...path, k], schema, diags, drop);
      if (typed !== undefined) entries.set(k, typed);
    }
    return map(entries, v.loc);
  }
  if (v.kind === "seq") {
    if (r["type"] !== "array") return r["type"] === "string" ? mismatch(v, "string", path, diags) : v;
    return seq(v.items.flatMap((c, i) => visit(c, schema.child(r, i), [...path, i], schema, diags, drop) ?? []), v.loc);
  }
  const out = coerce(v, r["type"]);
  if (typeof out === "string") {
    diags.push(warning(out, v.loc, path));
    return undefined;
  }
  return out;
}

function mismatch(v: DValue, expected: string, path: Path, diags: Diagnostic[]): undefined {
  diags.push(warning(`expected ${expected}, found ${kindOf(v)}`, v.loc, path));
  return undefined;
}
