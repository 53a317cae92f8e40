import type { Plain } from "./dyn.js";

export interface RenderOptions {
  /** Go's encoding/json escapes <, > and & (the CLI's raw `-o json`); jq output does not. */
  readonly htmlEscape?: boolean;
  /** Keys sorted like Go's encoding/json (default); false keeps insertion order, as jq does. */
  readonly sortKeys?: boolean;
}

/** JSON with sorted keys and 2-space indent, big integers kept exact, like `bundle validate -o json`. */
export function renderJson(value: Plain, opts: RenderOptions = {}, indent = ""): string {
  if (value === null) return "null";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return quote(value, opts);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => inner + renderJson(v, opts, inner)).join(",\n")}\n${indent}]`;
  }
  const keys = opts.sortKeys === false ? Object.keys(value) : Object.keys(value).sort();
  if (keys.length === 0) return "{}";
  const body = keys.map((k) => `${inner}${quote(k, opts)}: ${renderJson(value[k] ?? null, opts, inner)}`);
  return `{\n${body.join(",\n")}\n${indent}}`;
}

function quote(s: string, opts: RenderOptions): string {
  const q = JSON.stringify(s);
  if (opts.htmlEscape !== true) return q;
  return q.replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}
