import type { Plain } from "../dyn.js";

/**
 * Setting a resolved reference into a typed field, as the CLI's structaccess.Set does: strings are
 * parsed into numbers and booleans with Go's strconv rules, scalars are printed into strings, and
 * anything else is an error worded like Go's (bad_ref_string_to_int).
 */
export type Converted = { readonly ok: Plain } | { readonly error: string };

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const GO_TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const GO_FALSE = new Set(["0", "f", "F", "FALSE", "false", "False"]);

export function convertTo(kind: string, value: Plain): Converted {
  if (value === null) return { ok: null };
  if (kind === "string")
    return typeof value === "object"
      ? { error: `cannot convert ${goType(value)} to string` }
      : { ok: String(value) };
  if (typeof value === "string") return parse(kind, value);
  if (kind === "bool")
    return typeof value === "boolean" ? { ok: value } : { error: `cannot convert ${goType(value)} to bool` };
  if (typeof value === "number" || typeof value === "bigint")
    return { ok: kind === "float64" ? Number(value) : value };
  return { error: `cannot convert ${goType(value)} to ${kind}` };
}

function parse(kind: string, s: string): Converted {
  const q = JSON.stringify(s);
  if (kind === "int" || kind === "int64") {
    const bad = (why: string): Converted => ({
      error: `cannot parse ${q} as ${kind}: strconv.ParseInt: parsing ${q}: ${why}`,
    });
    if (!/^[+-]?\d+$/.test(s)) return bad("invalid syntax");
    const n = BigInt(s);
    if (n > INT64_MAX || n < INT64_MIN) return bad("value out of range");
    return {
      ok: n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(n) : n,
    };
  }
  if (kind === "float64") {
    const n = s.trim() === s && s !== "" ? Number(s.replace(/^\+/, "")) : Number.NaN;
    return Number.isNaN(n)
      ? { error: `cannot parse ${q} as float64: strconv.ParseFloat: parsing ${q}: invalid syntax` }
      : { ok: n };
  }
  if (kind === "bool") {
    if (GO_TRUE.has(s)) return { ok: true };
    if (GO_FALSE.has(s)) return { ok: false };
    return { error: `cannot parse ${q} as bool: strconv.ParseBool: parsing ${q}: invalid syntax` };
  }
  return { ok: s };
}

/** `%T` of a value read from the config, as Go would print it. */
export function goType(v: Plain): string {
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  if (typeof v === "bigint") return "int64";
  return Array.isArray(v) ? "[]interface {}" : "map[string]interface {}";
}

/** `%#v` of a scalar: Go quotes strings and prints numbers and booleans bare. */
export const goValue = (v: Plain): string =>
  typeof v === "object" && v !== null
    ? JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x))
    : typeof v === "string"
      ? JSON.stringify(v)
      : String(v);
