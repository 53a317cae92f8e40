/**
 * The official bundle JSON schema, with its "or an interpolation string" alternatives removed: after
 * resolution only `${resources...}` strings remain, and those are skipped by the checks instead.
 * The schema is an input (callers load the file), keeping this module pure.
 */
export type JsonSchema = { [k: string]: unknown };

export interface PreparedSchema {
  readonly root: JsonSchema;
  resolve(s: JsonSchema | undefined): JsonSchema | undefined;
  child(s: JsonSchema | undefined, key: string | number): JsonSchema | undefined;
}

const isInterpolationAlt = (s: unknown): boolean =>
  typeof s === "object" && s !== null && (s as JsonSchema)["type"] === "string" && typeof (s as JsonSchema)["pattern"] === "string" && ((s as JsonSchema)["pattern"] as string).startsWith("\\$\\{");

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (typeof node !== "object" || node === null) return node;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) {
    // Documentation strings only (a property may itself be called "description").
    if ((k === "markdownDescription" || k === "description" || k === "deprecationMessage") && typeof v === "string") continue;
    out[k] = strip(v);
  }
  const oneOf = out["oneOf"];
  if (Array.isArray(oneOf)) {
    const kept = oneOf.filter((alt) => !isInterpolationAlt(alt));
    delete out["oneOf"];
    if (kept.length === 1) Object.assign(out, kept[0]);
    else if (kept.length > 1) out["oneOf"] = kept;
  }
  return out;
}

export function prepareSchema(raw: JsonSchema): PreparedSchema {
  const root = strip(raw) as JsonSchema;
  const defs = root["$defs"];
  const resolve = (s: JsonSchema | undefined): JsonSchema | undefined => {
    let cur = s;
    for (let i = 0; i < 16 && cur !== undefined && typeof cur["$ref"] === "string"; i++) {
      const parts = (cur["$ref"]).replace(/^#\/\$defs\//, "").split("/");
      let at: unknown = defs;
      // $defs keys are nested by path segments ("github.com/databricks/...").
      for (const p of parts) at = typeof at === "object" && at !== null ? (at as JsonSchema)[p] : undefined;
      cur = at as JsonSchema | undefined;
    }
    return cur;
  };
  const child = (s: JsonSchema | undefined, key: string | number): JsonSchema | undefined => {
    const r = resolve(s);
    if (r === undefined) return undefined;
    if (typeof key === "number") return resolve(r["items"] as JsonSchema | undefined);
    const props = r["properties"] as Record<string, JsonSchema> | undefined;
    if (props?.[key] !== undefined) return resolve(props[key]);
    const extra = r["additionalProperties"];
    return typeof extra === "object" && extra !== null ? resolve(extra as JsonSchema) : undefined;
  };
  return { root, resolve, child };
}

/** Whether the schema declares `key` for this object (false → "unknown field"). */
export function allowsKey(schema: PreparedSchema, s: JsonSchema | undefined, key: string): boolean {
  const r = schema.resolve(s);
  if (r === undefined || r["type"] !== "object") return true;
  const props = r["properties"] as Record<string, unknown> | undefined;
  if (props !== undefined && key in props) return true;
  return r["additionalProperties"] !== false;
}
