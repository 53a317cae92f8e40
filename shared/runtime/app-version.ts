import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The `version` of the app's package.json. Found by walking up from this module because the same code
 * runs from source (vitest) and from dist/ (host), at different depths. Returns "unknown" rather than
 * failing: a missing version must not take the health endpoint down.
 */
export function readAppVersion(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) return versionIn(candidate);
    const parent = dirname(dir);
    if (parent === dir) return "unknown";
    dir = parent;
  }
}

function versionIn(file: string): string {
  try {
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    return "unknown";
  }
}
