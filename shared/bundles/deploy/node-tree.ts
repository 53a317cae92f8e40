import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { BundleDeployError } from "./errors.js";
import type { LocalTree, TreeEntry } from "./fileset.js";

/**
 * The bundle folder on disk. Symlinks are followed only while they stay inside the bundle root:
 * one pointing outside would upload files the user never put in the bundle.
 */
export function nodeTree(rootDir: string): LocalTree {
  const root = realpathSync(resolve(rootDir));
  const abs = (p: string): string => {
    const full = resolve(root, p);
    const real = realpathSync(full);
    const rel = relative(root, real);
    if (rel.startsWith(`..${sep}`) || rel === ".." || resolve(rel) === rel) {
      throw new BundleDeployError(
        "PATH_ESCAPES_ROOT",
        `${p} resolves to ${real}, outside the bundle root ${root}`,
      );
    }
    return real;
  };
  return {
    listDir(p) {
      const dir = abs(p);
      return readdirSync(dir).flatMap((name): TreeEntry[] => {
        let target: string;
        try {
          target = abs(join(relative(root, dir), name));
        } catch (err) {
          if (err instanceof BundleDeployError) throw err;
          return []; // A dangling symlink has nothing to upload.
        }
        const stat = statSync(target);
        return [{ name, dir: stat.isDirectory(), size: stat.isDirectory() ? 0 : stat.size }];
      });
    },
    readText(p) {
      try {
        return readFileSync(abs(p), "utf8");
      } catch (err) {
        if (err instanceof BundleDeployError) throw err;
        return undefined;
      }
    },
    read: (p) => readFileSync(abs(p)),
    ancestorIgnores: () => ancestorIgnores(root),
  };
}

/** .gitignore files from the enclosing git repository's root down to (not including) the bundle root. */
function ancestorIgnores(root: string): { text: string; prefix: string }[] {
  const out: { text: string; prefix: string }[] = [];
  if (existsSync(join(root, ".git"))) return out;
  for (let dir = dirname(root); ; dir = dirname(dir)) {
    const file = join(dir, ".gitignore");
    if (existsSync(file))
      out.unshift({ text: readFileSync(file, "utf8"), prefix: relative(dir, root).split(sep).join("/") });
    if (existsSync(join(dir, ".git"))) return out;
    if (dirname(dir) === dir) return []; // Not in a git repository: only the bundle's own .gitignore files count.
  }
}
