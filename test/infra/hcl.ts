import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";

// Loaded untyped on purpose: the package's .d.ts pulls the DOM lib into the whole program's type check.
const { parse } = createRequire(import.meta.url)("@cdktf/hcl2json") as {
  parse: (filename: string, contents: string) => Promise<Record<string, unknown>>;
};

/** hcl2json's shape: blocks are arrays of bodies, expressions are strings like "${var.x}". */
export type Body = Record<string, unknown>;

export interface TfResource {
  type: string;
  name: string;
  file: string;
  body: Body;
}

export interface TfConfig {
  resources: TfResource[];
  locals: Record<string, unknown>;
  variables: Record<string, Body>;
  terraform: Body[];
}

export const repoRoot = join(import.meta.dirname, "..", "..");
export const infraDir = join(repoRoot, "infra");

/** Every file under `dir` (recursively, skipping .terraform) whose name ends with one of `suffixes`. */
export function filesUnder(dir: string, suffixes: string[]): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== ".terraform") out.push(...filesUnder(full, suffixes));
    else if (entry.isFile() && suffixes.some((s) => entry.name.endsWith(s))) out.push(full);
  }
  return out.sort();
}

export async function parseHcl(name: string, source: string): Promise<Body> {
  return parse(name, source);
}

/** Parses HCL sources (file name => text) into one configuration, as Terraform merges a module's files. */
export async function loadConfig(sources: Record<string, string>): Promise<TfConfig> {
  const config: TfConfig = { resources: [], locals: {}, variables: {}, terraform: [] };
  for (const [file, text] of Object.entries(sources)) {
    const doc = await parseHcl(file, text);
    const resources = (doc.resource ?? {}) as Record<string, Record<string, Body[]>>;
    for (const [type, byName] of Object.entries(resources)) {
      for (const [name, bodies] of Object.entries(byName)) {
        for (const body of bodies) config.resources.push({ type, name, file, body });
      }
    }
    for (const block of (doc.locals ?? []) as Body[]) Object.assign(config.locals, block);
    const variables = (doc.variable ?? {}) as Record<string, Body[]>;
    for (const [name, bodies] of Object.entries(variables)) config.variables[name] = bodies[0] ?? {};
    config.terraform.push(...((doc.terraform ?? []) as Body[]));
  }
  return config;
}

export async function loadInfra(): Promise<TfConfig> {
  const sources: Record<string, string> = {};
  for (const f of filesUnder(infraDir, [".tf"])) sources[relative(infraDir, f)] = readFileSync(f, "utf8");
  return loadConfig(sources);
}

/** First body of a nested block (`site_config { ... }` → its attributes), or undefined. */
export function block(body: Body | undefined, name: string): Body | undefined {
  const value = body?.[name];
  return Array.isArray(value) ? (value[0] as Body | undefined) : undefined;
}

/**
 * The text of an attribute with `local.x` references replaced by the locals' own expressions, so a check
 * can see through `tags = local.tags` or `app_settings = merge(local.app_settings, {...})`.
 */
export function expand(value: unknown, locals: Record<string, unknown>): string {
  let text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  for (let depth = 0; depth < 5 && /\blocal\.\w+/.test(text); depth++) {
    text = text.replace(/\blocal\.(\w+)/g, (whole, name: string) =>
      name in locals
        ? `(${typeof locals[name] === "string" ? locals[name] : JSON.stringify(locals[name])})`
        : whole,
    );
  }
  return text;
}
