import { scalar, type DScalar, type DValue } from "./dyn.js";

/**
 * One scalar converted to the JSON-schema type of its field, the way the CLI's normalize.go converts
 * to the Go type: the converted value, or the CLI's warning text when it cannot be converted (the
 * caller drops the value). A lone `${...}` reference is left for interpolation to fill in.
 */
const YAML_TRUE = new Set(["true", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON"]);
const YAML_FALSE = new Set(["false", "n", "N", "no", "No", "NO", "off", "Off", "OFF"]);
const PURE_REF = /^\$\{[^${}]+\}$/u;

export function coerce(v: DScalar, type: unknown): DScalar | string {
  const x = v.value;
  if (x === null) return v;
  if (typeof x === "string" && PURE_REF.test(x) && type !== "string") return v;
  if (type === "string") return typeof x === "string" ? v : scalar(String(x), v.loc);
  if (type === "integer") {
    if (typeof x === "bigint" || (typeof x === "number" && Number.isInteger(x))) return v;
    if (typeof x === "number") return `cannot accurately represent "${x}" as integer due to precision loss`;
    if (typeof x !== "string") return `expected int, found ${kindOf(v)}`;
    if (!/^[+-]?\d+$/.test(x) || BigInt(x) > 2n ** 63n - 1n || BigInt(x) < -(2n ** 63n))
      return `cannot parse ${JSON.stringify(x)} as an integer`;
    const n = BigInt(x);
    return scalar(
      n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(n) : n,
      v.loc,
    );
  }
  if (type === "number") {
    if (typeof x === "number" || typeof x === "bigint")
      return typeof x === "bigint" ? scalar(Number(x), v.loc) : v;
    if (typeof x !== "string") return `expected float, found ${kindOf(v)}`;
    const n = x.trim() === x && x !== "" ? Number(x) : Number.NaN;
    return Number.isNaN(n)
      ? `cannot parse ${JSON.stringify(x)} as a floating point number`
      : scalar(n, v.loc);
  }
  if (type === "boolean") {
    if (typeof x === "boolean") return v;
    if (typeof x === "string" && YAML_TRUE.has(x)) return scalar(true, v.loc);
    if (typeof x === "string" && YAML_FALSE.has(x)) return scalar(false, v.loc);
    return `expected bool, found ${kindOf(v)}`;
  }
  return v;
}

/** The CLI's name for a value's kind (libs/dyn Kind.String). */
export function kindOf(v: DValue): string {
  if (v.kind === "map") return "map";
  if (v.kind === "seq") return "sequence";
  const x = v.value;
  if (x === null) return "nil";
  if (typeof x === "string") return "string";
  if (typeof x === "boolean") return "bool";
  return typeof x === "bigint" || Number.isInteger(x) ? "int" : "float";
}
