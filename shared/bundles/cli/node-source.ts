import { readdirSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { BundleSource } from "../source.js";

/** The bundle's configuration files on disk, read-only (the pure engine never touches the disk). */
export function nodeSource(rootDir: string): BundleSource {
  return {
    readFile(p) {
      try {
        const abs = resolve(rootDir, p);
        return statSync(abs).isFile() ? readFileSync(abs, "utf8") : undefined;
      } catch {
        return undefined;
      }
    },
    listDir(p) {
      try {
        return readdirSync(resolve(rootDir, p), { withFileTypes: true }).map((e) => ({
          name: e.name,
          dir: e.isDirectory(),
        }));
      } catch {
        return undefined;
      }
    },
  };
}
