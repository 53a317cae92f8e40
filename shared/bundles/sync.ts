import { isMap, map, scalar, seq, type DMap } from "./dyn.js";
import { withEntry } from "./resources.js";

/** `sync.paths` defaults to the bundle root, as the CLI shows it in `validate -o json`. */
export function syncDefaults(config: DMap): DMap {
  const sync = config.entries.get("sync");
  const s = isMap(sync) ? sync : map([]);
  if (s.entries.has("paths")) return config;
  return withEntry(config, "sync", withEntry(s, "paths", seq([scalar(".")])));
}

/** The commit a deploy comes from, as the CLI reads it from the repository (`bundle.git`). */
export interface GitInfo {
  readonly commit: string;
  readonly branch?: string;
  readonly originUrl?: string;
}

/**
 * Fills `bundle.git` from the commit being deployed, as the CLI's git mutator does: `commit`, `origin_url`
 * and `actual_branch` always come from the repository; `branch` only when the user did not set one (then
 * `inferred` is true). Before interpolation, so `${bundle.git.commit}` resolves.
 */
export function withGitInfo(config: DMap, info: GitInfo | undefined): DMap {
  if (info === undefined) return config;
  const bundle = config.entries.get("bundle");
  const b = isMap(bundle) ? bundle : map([]);
  const git = b.entries.get("git");
  let g = isMap(git) ? git : map([]);
  g = withEntry(g, "commit", scalar(info.commit));
  if (info.originUrl !== undefined) g = withEntry(g, "origin_url", scalar(info.originUrl));
  if (info.branch !== undefined) {
    g = withEntry(g, "actual_branch", scalar(info.branch));
    if (!g.entries.has("branch"))
      g = withEntry(withEntry(g, "branch", scalar(info.branch)), "inferred", scalar(true));
  }
  return withEntry(config, "bundle", withEntry(b, "git", g));
}

/** Validate shows at least the bundle's path in the repo, with or without git metadata. */
export function withGitDefaults(config: DMap): DMap {
  const bundle = config.entries.get("bundle");
  const b = isMap(bundle) ? bundle : map([]);
  const git = b.entries.get("git");
  const g = isMap(git) ? git : map([]);
  if (g.entries.has("bundle_root_path")) return config;
  return withEntry(config, "bundle", withEntry(b, "git", withEntry(g, "bundle_root_path", scalar("."))));
}
