import { parseDocument } from "yaml";
import { join, normalize, type BundleSource } from "../bundles/source.js";
import { ROOT_FILE_NAMES } from "../bundles/load.js";

/** A repository path a bundle depends on: a folder (everything below it) or a glob over files. */
export type WatchRule =
  { readonly kind: "folder"; readonly path: string } | { readonly kind: "glob"; readonly pattern: string };

/** One folder under the bundles folder, as found at a commit. */
export type DiscoveredBundle =
  | {
      readonly kind: "bundle";
      readonly name: string;
      readonly root: string;
      readonly watch: readonly WatchRule[];
    }
  | { readonly kind: "invalid"; readonly root: string; readonly reason: string };

// Same guard as the bundle engine's YAML reader: a document expanding aliases without bound is refused.
const MAX_ALIASES = 100;

type Yaml = Record<string, unknown>;
const asMap = (v: unknown): Yaml | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Yaml) : undefined;
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : [];

/**
 * Finds bundles the way the issue defines them: `<bundlesDir>/<name>/databricks.yml` (or another root
 * file name the CLI accepts). A folder without one, or whose root file is not valid YAML, is reported
 * as invalid with the reason, so a push touching it fails visibly instead of deploying nothing silently.
 */
export function discoverBundles(repo: BundleSource, bundlesDir: string, target: string): DiscoveredBundle[] {
  const entries = repo.listDir(bundlesDir) ?? [];
  return entries
    .filter((e) => e.dir)
    .map((e) => e.name)
    .sort()
    .map((name) => describeBundle(repo, join(bundlesDir, name), target));
}

function describeBundle(repo: BundleSource, root: string, target: string): DiscoveredBundle {
  const rootFile = ROOT_FILE_NAMES.find((f) => repo.readFile(join(root, f)) !== undefined);
  if (rootFile === undefined)
    return { kind: "invalid", root, reason: "no databricks.yml in the bundle folder" };
  const doc = parseDocument(repo.readFile(join(root, rootFile)) ?? "", { uniqueKeys: false });
  const first = doc.errors[0];
  if (first !== undefined)
    return {
      kind: "invalid",
      root,
      reason: `${rootFile}: ${first.message.split("\n")[0] ?? "invalid YAML"}`,
    };
  let config: Yaml | undefined;
  try {
    config = asMap(doc.toJS({ maxAliasCount: MAX_ALIASES }));
  } catch {
    return { kind: "invalid", root, reason: `${rootFile}: too many YAML aliases` };
  }
  if (config === undefined) return { kind: "invalid", root, reason: `${rootFile} is not a mapping` };
  const name = asMap(config.bundle)?.name;
  return {
    kind: "bundle",
    name: typeof name === "string" && name !== "" ? name : (root.split("/").pop() ?? root),
    root,
    watch: watchRules(config, root, target),
  };
}

/**
 * What a bundle pulls in besides its own folder: `include` globs, and `sync.paths`/`sync.include` at the
 * top level and in the target being deployed. Paths are relative to the bundle root and may leave it
 * (`../shared_lib`); ones that leave the repository are dropped.
 */
function watchRules(config: Yaml, root: string, target: string): WatchRule[] {
  const syncs = [asMap(config.sync), asMap(asMap(asMap(config.targets)?.[target])?.sync)];
  const rules: WatchRule[] = [{ kind: "folder", path: root }];
  const add = (relative: string, kind: "folder" | "glob") => {
    const path = normalize(`${root}/${relative}`);
    if (path === ".." || path.startsWith("../") || path.startsWith("/")) return;
    rules.push(
      kind === "folder" && !/[*?[]/.test(path) ? { kind: "folder", path } : { kind: "glob", pattern: path },
    );
  };
  for (const pattern of strings(config.include)) add(pattern, "glob");
  for (const sync of syncs) {
    for (const path of strings(sync?.paths)) add(path, "folder");
    for (const pattern of strings(sync?.include)) add(pattern, "glob");
  }
  return rules;
}
