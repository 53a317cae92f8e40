import type { DiscoveredBundle, WatchRule } from "./bundle-layout.js";
import { compileRefPattern } from "./ref-pattern.js";

/** What a push means for each bundle folder: JSON, recorded as the orchestration's decision. */
export interface BundleChanges {
  /** Bundles whose folder or pulled-in files changed: these deploy. */
  readonly changed: readonly string[];
  readonly unchanged: readonly string[];
  /** Changed folders that are not valid bundles (no databricks.yml, invalid YAML): reported, never deployed. */
  readonly invalid: readonly { readonly root: string; readonly reason: string }[];
  /** Folders whose root file the push removed and which no longer hold a bundle: recorded, nothing deployed. */
  readonly removed: readonly string[];
}

function touches(rule: WatchRule, path: string): boolean {
  if (rule.kind === "folder") return path === rule.path || path.startsWith(`${rule.path}/`);
  // The same glob semantics as ref patterns: `*` stays within a folder, `**` crosses folders.
  return compileRefPattern(rule.pattern).test(path);
}

/**
 * Which bundles a set of changed paths affects (added, modified and removed paths alike). A path
 * counts for every bundle that watches it, so a library shared through sync.paths redeploys each user.
 */
export function changedBundles(
  bundles: readonly DiscoveredBundle[],
  paths: readonly string[],
  bundlesDir: string,
): BundleChanges {
  const changed: string[] = [];
  const unchanged: string[] = [];
  const invalid: { root: string; reason: string }[] = [];
  for (const bundle of bundles) {
    if (bundle.kind === "invalid") {
      if (paths.some((p) => p.startsWith(`${bundle.root}/`)))
        invalid.push({ root: bundle.root, reason: bundle.reason });
      continue;
    }
    (paths.some((p) => bundle.watch.some((rule) => touches(rule, p))) ? changed : unchanged).push(
      bundle.name,
    );
  }
  const present = new Set(bundles.map((b) => b.root));
  const removed = [
    ...new Set(
      paths
        .map((p) => new RegExp(`^(${escape(bundlesDir)}/[^/]+)/(?:databricks|bundle)\\.ya?ml$`).exec(p)?.[1])
        .filter((root): root is string => root !== undefined && !present.has(root)),
    ),
  ].sort();
  return { changed, unchanged, invalid, removed };
}

/** Every valid bundle, for a re-run or when no comparison is possible. */
export function allBundles(bundles: readonly DiscoveredBundle[]): BundleChanges {
  return {
    changed: bundles.flatMap((b) => (b.kind === "bundle" ? [b.name] : [])),
    unchanged: [],
    invalid: bundles.flatMap((b) => (b.kind === "invalid" ? [{ root: b.root, reason: b.reason }] : [])),
    removed: [],
  };
}

const escape = (s: string): string => s.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
