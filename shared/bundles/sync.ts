import { isMap, map, scalar, seq, type DMap } from "./dyn.js";
import { withEntry } from "./resources.js";

/** `sync.paths` defaults to the bundle root, as the CLI shows it in `validate -o json`. */
export function syncDefaults(config: DMap): DMap {
  const sync = config.entries.get("sync");
  const s = isMap(sync) ? sync : map([]);
  if (s.entries.has("paths")) return config;
  return withEntry(config, "sync", withEntry(s, "paths", seq([scalar(".")])));
}

/** Git metadata is an input for later (deploy); validate shows at least the bundle's path in the repo. */
export function withGitDefaults(config: DMap): DMap {
  const bundle = config.entries.get("bundle");
  const b = isMap(bundle) ? bundle : map([]);
  const git = b.entries.get("git");
  const g = isMap(git) ? git : map([]);
  if (g.entries.has("bundle_root_path")) return config;
  return withEntry(config, "bundle", withEntry(b, "git", withEntry(g, "bundle_root_path", scalar("."))));
}
