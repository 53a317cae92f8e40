import { error, type Diagnostic } from "./diagnostics.js";
import { isMap, isSeq, map, scalar, seq, str, type DValue } from "./dyn.js";
import { expandGlob, hasGlobMeta } from "./glob.js";
import { merge } from "./merge.js";
import { normalize, type BundleSource } from "./source.js";
import { parseYaml } from "./yaml.js";
import { checkDuplicateResources } from "./unique-keys.js";

export const ROOT_FILE_NAMES = ["databricks.yml", "databricks.yaml", "bundle.yml", "bundle.yaml"] as const;

export interface Loaded {
  readonly config: DValue | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

export function findRootFile(source: BundleSource): string | undefined {
  return ROOT_FILE_NAMES.find((n) => source.readFile(n) !== undefined);
}

/** Reads the root file and every `include` match, merged in include order (bundle/config/loader). */
export function loadBundle(source: BundleSource): Loaded {
  const rootFile = findRootFile(source);
  if (rootFile === undefined) {
    return { config: undefined, diagnostics: [error("unable to locate bundle root: databricks.yml not found")] };
  }
  const root = parseFile(source, rootFile);
  if (root.config === undefined) return root;
  const diagnostics = [...root.diagnostics];
  const files = resolveIncludes(source, root.config, diagnostics);
  const parts: { file: string; config: DValue }[] = [{ file: rootFile, config: root.config }];
  for (const file of files) {
    const loaded = parseFile(source, file);
    diagnostics.push(...loaded.diagnostics);
    if (loaded.config !== undefined) parts.push({ file, config: loaded.config });
  }
  diagnostics.push(...checkDuplicateResources(parts.map((p) => p.config)));
  let config: DValue = root.config;
  for (const p of parts.slice(1)) config = merge(config, p.config) ?? config;
  if (isMap(config)) {
    const entries = new Map(config.entries);
    if (files.length > 0) entries.set("include", seq(files.map((f) => scalar(f)), entries.get("include")?.loc));
    config = map(entries, config.loc);
  }
  return { config, diagnostics };
}

function parseFile(source: BundleSource, file: string): Loaded {
  const text = source.readFile(file);
  if (text === undefined) return { config: undefined, diagnostics: [error(`${file}: no such file or directory`)] };
  const parsed = parseYaml(file, text);
  const value = parsed.value ?? map([], { file, line: 1, column: 1 });
  if (!isMap(value)) {
    return { config: undefined, diagnostics: [...parsed.diagnostics, error(`${file}: expected a map at the top level`, value.loc)] };
  }
  return { config: parsed.diagnostics.length > 0 && parsed.value === undefined ? undefined : value, diagnostics: parsed.diagnostics };
}

const YAML_OR_JSON = /\.(ya?ml|json)$/i;

function resolveIncludes(source: BundleSource, root: DValue, diags: Diagnostic[]): string[] {
  const include = isMap(root) ? root.entries.get("include") : undefined;
  if (!isSeq(include)) return [];
  const out: string[] = [];
  for (const entry of include.items) {
    const pattern = str(entry);
    if (pattern === undefined) continue;
    if (pattern.startsWith("/")) {
      // The source is addressed relative to the bundle; an absolute include would read the host's disk.
      diags.push(error(`include path ${pattern} must be relative to the bundle root`, entry.loc));
      continue;
    }
    const matches = hasGlobMeta(pattern) ? expandGlob(source, pattern) : [normalize(pattern)];
    for (const file of matches) {
      if (!YAML_OR_JSON.test(file)) {
        diags.push(error(
          "Files in the 'include' configuration section must be YAML or JSON files.",
          entry.loc,
          undefined,
          `The file ${file} in the 'include' configuration section is not a YAML or JSON file, and only such files are supported. To include files to sync, specify them in the 'sync.include' configuration section instead.`,
        ));
        continue;
      }
      if (!out.includes(file) && !ROOT_FILE_NAMES.includes(file as (typeof ROOT_FILE_NAMES)[number])) out.push(file);
    }
  }
  return out;
}
