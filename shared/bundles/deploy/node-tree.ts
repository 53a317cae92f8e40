import { readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
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
      throw new BundleDeployError("PATH_ESCAPES_ROOT", `${p} resolves to ${real}, outside the bundle root ${root}`);
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
  };
}
