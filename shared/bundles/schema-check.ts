import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { error, warning, type Diagnostic } from "./diagnostics.js";
import { get, toPlain, type DValue, type Path, type Plain } from "./dyn.js";
import type { PreparedSchema } from "./schema.js";

const compiled = new WeakMap<PreparedSchema, ValidateFunction>();

function validator(schema: PreparedSchema): ValidateFunction {
  let fn = compiled.get(schema);
  if (fn === undefined) {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    fn = ajv.compile(schema.root);
    compiled.set(schema, fn);
  }
  return fn;
}

/**
 * Validates the resolved config with ajv and words the findings like the CLI's validate
 * (required fields and enums are warnings there; a wrong type is an error). Strings still holding a
 * `${...}` reference are resolved at deploy time and are not judged here.
 */
export function checkSchema(config: DValue, schema: PreparedSchema): Diagnostic[] {
  const fn = validator(schema);
  fn(jsonSafe(toPlain(config)));
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of fn.errors ?? []) {
    if (e.schemaPath.includes("oneOf") || e.schemaPath.includes("anyOf")) continue;
    const path = parsePointer(e.instancePath);
    const node = get(config, path);
    const d = toDiagnostic(e, path, node);
    if (d === undefined) continue;
    const key = `${d.summary}@${path.join(".")}`;
    if (!seen.has(key)) out.push(d);
    seen.add(key);
  }
  return out;
}

function toDiagnostic(e: ErrorObject, path: Path, node: DValue | undefined): Diagnostic | undefined {
  if (node?.kind === "scalar" && typeof node.value === "string" && node.value.includes("${")) return undefined;
  const params = e.params as Record<string, unknown>;
  if (e.keyword === "required") return warning(`required field "${String(params["missingProperty"])}" is not set`, node?.loc, path);
  if (e.keyword === "enum") {
    const allowed = [...((params["allowedValues"] as unknown[] | undefined) ?? [])].map(String).sort();
    return warning(`invalid value "${String(node?.kind === "scalar" ? node.value : "")}" for enum field. Valid values are [${allowed.join(" ")}]`, node?.loc, path);
  }
  if (e.keyword === "type") return error(`expected ${String(params["type"])}, found ${describe(node)}`, node?.loc, path);
  return undefined;
}

function describe(node: DValue | undefined): string {
  if (node === undefined) return "nothing";
  if (node.kind === "map") return "map";
  if (node.kind === "seq") return "sequence";
  return node.value === null ? "nil" : typeof node.value === "bigint" ? "int" : typeof node.value;
}

function parsePointer(ptr: string): Path {
  if (ptr === "") return [];
  return ptr.slice(1).split("/").map((s) => {
    const k = s.replace(/~1/g, "/").replace(/~0/g, "~");
    return /^\d+$/.test(k) ? Number(k) : k;
  });
}

function jsonSafe(p: Plain): unknown {
  if (typeof p === "bigint") return Number(p);
  if (Array.isArray(p)) return p.map(jsonSafe);
  if (p !== null && typeof p === "object") return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, jsonSafe(v)]));
  return p;
}
