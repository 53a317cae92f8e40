import { warning, type Diagnostic } from "./diagnostics.js";
import { map, scalar, seq, type DValue, type Path } from "./dyn.js";
import { allowsKey, type JsonSchema, type PreparedSchema } from "./schema.js";

/**
 * Coerces scalars to the type the schema declares (an int `existing_cluster_id: 500` becomes "500",
 * `true` in a string map becomes "true") and drops unknown fields with a warning, as the CLI's typed
 * conversion (libs/dyn/convert/normalize.go) does. Values that cannot be converted are kept and
 * reported by the schema validation.
 */
export function normalizeConfig(value: DValue, schema: PreparedSchema, opts: { unknown: "drop" | "keep" } = { unknown: "drop" }): { value: DValue; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const out = visit(value, schema.root, [], schema, diagnostics, opts.unknown === "drop");
  return { value: out, diagnostics };
}

const READONLY = new Set(["id", "url", "modified_status"]);

function visit(v: DValue, s: JsonSchema | undefined, path: Path, schema: PreparedSchema, diags: Diagnostic[], drop: boolean): DValue {
  const r = schema.resolve(s);
  if (r === undefined) return v;
  if (v.kind === "map") {
    if (r["type"] !== "object") return v;
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
      entries.set(k, visit(child, schema.child(r, k), [...path, k], schema, diags, drop));
    }
    return map(entries, v.loc);
  }
  if (v.kind === "seq") return r["type"] === "array" ? seq(v.items.map((c, i) => visit(c, schema.child(r, i), [...path, i], schema, diags, drop)), v.loc) : v;
  return coerce(v, r["type"]);
}

function coerce(v: DValue & { kind: "scalar" }, type: unknown): DValue {
  const x = v.value;
  if (x === null) return v;
  if (type === "string" && (typeof x === "number" || typeof x === "boolean" || typeof x === "bigint")) return scalar(String(x), v.loc);
  if (type === "integer" && typeof x === "string" && /^-?\d+$/.test(x)) {
    const n = BigInt(x);
    return scalar(n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(n) : n, v.loc);
  }
  if (type === "number" && typeof x === "string" && x.trim() !== "" && !Number.isNaN(Number(x))) return scalar(Number(x), v.loc);
  if (type === "boolean" && (x === "true" || x === "false")) return scalar(x === "true", v.loc);
  return v;
}
