import { parseConstraint, type Constraint } from "./route-constraints.js";

interface RouteParam {
  name: string;
  optional: boolean;
  catchAll: boolean;
  defaultValue: string | undefined;
  constraints: Constraint[];
}

export interface CompiledRoute {
  template: string;
  regex: RegExp;
  params: RouteParam[];
  /** Per segment: literal 0 < mixed 1 < constrained 2 < plain 3 < optional 4 < catch-all 5 (ASP.NET order). */
  precedence: number[];
}

/** Splits `id:int:range(1,9)` on colons outside parentheses. */
function splitParam(token: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const c of token) {
    if (c === "(") depth++;
    if (c === ")") depth--;
    if (c === ":" && depth === 0) {
      parts.push(current);
      current = "";
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function parseParam(token: string): RouteParam {
  const [head = "", ...constraintTexts] = splitParam(token);
  let name = head;
  let defaultValue: string | undefined;
  const eq = name.indexOf("=");
  if (eq >= 0) [name, defaultValue] = [name.slice(0, eq), name.slice(eq + 1)];
  const catchAll = name.startsWith("*");
  let optional = catchAll || defaultValue !== undefined;
  name = name.replace(/^\*{1,2}/, "");
  const last = constraintTexts.length > 0 ? constraintTexts.length - 1 : -1;
  if (last >= 0 && constraintTexts[last]?.endsWith("?")) {
    constraintTexts[last] = constraintTexts[last].slice(0, -1);
    optional = true;
  } else if (name.endsWith("?")) {
    name = name.slice(0, -1);
    optional = true;
  }
  if (!/^[A-Za-z_][\w-]*$/.test(name)) throw new Error(`Invalid route parameter "{${token}}"`);
  return { name, optional, catchAll, defaultValue, constraints: constraintTexts.map(parseConstraint) };
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Compiles an ASP.NET-style route template (`users/{id:int}/{name?}`, `files/{*path}`). */
export function compileRoute(template: string): CompiledRoute {
  const clean = template.replace(/^\/+|\/+$/g, "");
  const params: RouteParam[] = [];
  const precedence: number[] = [];
  let source = "";
  const segments = clean === "" ? [] : clean.split("/");
  segments.forEach((segment, i) => {
    const sep = i === 0 ? "" : "/";
    const tokens = segment.split(/(\{[^}]*\})/).filter((t) => t !== "");
    const whole = tokens.length === 1 && tokens[0]?.startsWith("{") ? parseParam(tokens[0].slice(1, -1)) : undefined;
    if (whole) {
      params.push(whole);
      if (whole.catchAll && i !== segments.length - 1) throw new Error(`Catch-all must be the last segment: ${template}`);
      const group = whole.catchAll ? "(.*)" : "([^/]+)";
      source += whole.optional ? `(?:${sep}${group})?` : `${sep}${group}`;
      precedence.push(whole.catchAll ? 5 : whole.optional ? 4 : whole.constraints.length > 0 ? 2 : 3);
      return;
    }
    source += sep;
    let mixed = false;
    for (const token of tokens) {
      if (token.startsWith("{")) {
        const p = parseParam(token.slice(1, -1));
        if (p.catchAll || p.optional) throw new Error(`Optional or catch-all parameters must fill a segment: ${template}`);
        params.push(p);
        source += "([^/]+?)";
        mixed = true;
      } else source += escape(token);
    }
    precedence.push(mixed ? 1 : 0);
  });
  return { template: clean, regex: new RegExp(`^${source}$`, "i"), params, precedence };
}

/** Matches a raw (percent-encoded) path without leading slash; returns decoded params or undefined. */
export function matchRoute(route: CompiledRoute, path: string): Record<string, string> | undefined {
  const m = route.regex.exec(path.replace(/^\/+|\/+$/g, ""));
  if (!m) return undefined;
  const values: Record<string, string> = {};
  for (const [i, param] of route.params.entries()) {
    const raw = m[i + 1];
    if (raw === undefined || raw === "") {
      if (!param.optional) return undefined;
      if (param.defaultValue !== undefined) values[param.name] = param.defaultValue;
      continue;
    }
    let value: string;
    try {
      value = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (!param.constraints.every((c) => c(value))) return undefined;
    values[param.name] = value;
  }
  return values;
}

/** Sort comparator: more specific routes first, as ASP.NET routing orders them. */
export function comparePrecedence(a: CompiledRoute, b: CompiledRoute): number {
  const n = Math.min(a.precedence.length, b.precedence.length);
  for (let i = 0; i < n; i++) {
    const d = (a.precedence[i] ?? 0) - (b.precedence[i] ?? 0);
    if (d !== 0) return d;
  }
  return b.precedence.length - a.precedence.length;
}
