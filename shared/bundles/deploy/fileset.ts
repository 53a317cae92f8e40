import { globRegex, isIgnored, parseIgnore, type IgnoreRule } from "./ignore.js";

/** One entry of a folder listing of the bundle's files (relative POSIX paths). */
export interface TreeEntry {
  readonly name: string;
  readonly dir: boolean;
  /** Bytes; files only. */
  readonly size: number;
}

/** Read access to the bundle's files: a folder on disk (CLI) or a stored snapshot (durable deploy). */
export interface LocalTree {
  listDir(path: string): readonly TreeEntry[];
  readText(path: string): string | undefined;
  read(path: string): Uint8Array;
  /**
   * .gitignore files between the git repository's root and the bundle root, outermost first, with the
   * bundle root's path from each (the CLI's file set starts at the repository root, libs/git/view.go).
   */
  ancestorIgnores?(): readonly { readonly text: string; readonly prefix: string }[];
}

export interface LocalFile {
  readonly path: string;
  readonly size: number;
}

export interface SyncRules {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/** Never synced (libs/git/view.go; `.databricks` holds local state). */
const ALWAYS_SKIPPED = new Set([".git", ".databricks"]);

/**
 * The files deploy uploads: everything .gitignore does not ignore, plus `sync.include`, minus
 * `sync.exclude` (both globs relative to the bundle root). Sorted by path.
 */
export function collectFiles(tree: LocalTree, rules: SyncRules): LocalFile[] {
  const include = rules.include.map(globRegex);
  const exclude = rules.exclude.map(globRegex);
  const out: LocalFile[] = [];
  const walk = (dir: string, inherited: readonly IgnoreRule[], dirIgnored: boolean): void => {
    const gitignore = tree.readText(dir === "" ? ".gitignore" : `${dir}/.gitignore`);
    const ignoreRules = gitignore === undefined ? inherited : [...inherited, ...parseIgnore(gitignore, dir)];
    for (const e of [...tree.listDir(dir === "" ? "." : dir)].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (ALWAYS_SKIPPED.has(e.name)) continue;
      const path = dir === "" ? e.name : `${dir}/${e.name}`;
      const ignored = dirIgnored || isIgnored(ignoreRules, path, e.dir);
      // An ignored folder is only entered when an include pattern could bring files back.
      if (e.dir) {
        if (!ignored || include.length > 0) walk(path, ignoreRules, ignored);
        continue;
      }
      const wanted = (!ignored || include.some((r) => r.test(path))) && !exclude.some((r) => r.test(path));
      if (wanted) out.push({ path, size: e.size });
    }
  };
  const inherited = (tree.ancestorIgnores?.() ?? []).flatMap((a) => parseIgnore(a.text, "", a.prefix));
  walk("", inherited, false);
  return out;
}
