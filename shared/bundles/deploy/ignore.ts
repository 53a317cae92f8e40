/**
 * .gitignore rules (gitignore(5)): `#` comments, `!` negation, a trailing `/` for directories only,
 * a `/` elsewhere anchors the pattern to the .gitignore's folder, `*`, `?`, `[...]` and `**`.
 * The CLI honours .gitignore files even outside a git repository (libs/git/view.go).
 */
export interface IgnoreRule {
  readonly base: string;
  /** For a .gitignore above the bundle root (in its git repository): the root's path from there. */
  readonly prefix?: string;
  readonly regex: RegExp;
  readonly negate: boolean;
  readonly dirOnly: boolean;
}

export function parseIgnore(text: string, base: string, prefix?: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, "");
    if (line === "" || line.startsWith("#")) continue;
    const negate = line.startsWith("!");
    if (negate) line = line.slice(1);
    line = line.replace(/^\\([#!])/, "$1");
    const dirOnly = line.endsWith("/");
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.includes("/");
    line = line.replace(/^\//, "");
    if (line === "") continue;
    rules.push({
      base,
      regex: globRegex(anchored ? line : `**/${line}`),
      negate,
      dirOnly,
      ...(prefix === undefined ? {} : { prefix }),
    });
  }
  return rules;
}

/** Glob over a relative POSIX path; `**` spans folders. Also used for sync include/exclude. */
export function globRegex(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? "";
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      re += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        re += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, "^")
          .replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** Last matching rule wins; rules of deeper .gitignore files come later in the list. */
export function isIgnored(rules: readonly IgnoreRule[], path: string, isDir: boolean): boolean {
  let ignored = false;
  for (const r of rules) {
    if (r.dirOnly && !isDir) continue;
    const full = r.prefix === undefined ? path : `${r.prefix}/${path}`;
    const rel =
      r.base === "" ? full : full.startsWith(`${r.base}/`) ? full.slice(r.base.length + 1) : undefined;
    if (rel !== undefined && r.regex.test(rel)) ignored = !r.negate;
  }
  return ignored;
}
