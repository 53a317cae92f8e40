import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * The glob subset the Functions worker accepts in package.json `main`: `*`, `?`, `**` and `{a,b}`.
 * Node 20 has no fs.glob, and this is small enough not to need a dependency.
 */
export function globToRegExp(pattern: string): RegExp {
  let out = "";
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === "*" && pattern[i + 1] === "*") {
      const slashAfter = pattern[i + 2] === "/";
      out += slashAfter ? "(?:[^/]*/)*" : ".*";
      i += slashAfter ? 2 : 1;
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "{") {
      braces++;
      out += "(?:";
    } else if (c === "}" && braces > 0) {
      braces--;
      out += ")";
    } else if (c === "," && braces > 0) out += "|";
    else out += c.replace(/[.+^$()|[\]\\]/g, "\\$&");
  }
  if (braces !== 0) throw new Error(`Unbalanced braces in glob "${pattern}"`);
  return new RegExp(`^${out}$`);
}

function walk(root: string, rel: string, files: string[]): void {
  for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) walk(root, path, files);
    else if (entry.isFile()) files.push(path);
  }
}

/** Files under `root` (relative, `/`-separated, sorted) matching `pattern`. */
export function globFiles(root: string, pattern: string): string[] {
  const normalized = pattern.replace(/\\/g, "/").replace(/^\.\//, "");
  const re = globToRegExp(normalized);
  const segments = normalized.split("/");
  const firstGlob = segments.findIndex((s) => isGlob(s));
  const base = segments.slice(0, firstGlob < 0 ? segments.length - 1 : firstGlob).join("/");
  const files: string[] = [];
  if (existsSync(join(root, base))) walk(root, base, files);
  return files.filter((f) => re.test(f)).sort();
}

export function isGlob(pattern: string): boolean {
  return /[*?{]/.test(pattern);
}
