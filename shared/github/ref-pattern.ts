/**
 * Glob patterns for branch and tag names, as GitHub's branch protection and Actions filters write them:
 * `*` matches any run of characters except `/`, `**` any run including `/`, `?` one character except `/`.
 * Everything else matches itself, so a ref name can never inject regular-expression syntax.
 */
export function compileRefPattern(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? "";
    if (ch === "*" && pattern[i + 1] === "*") {
      source += ".*";
      i++;
    } else if (ch === "*") source += "[^/]*";
    else if (ch === "?") source += "[^/]";
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, "\\$&");
  }
  // `u` so a pattern or ref with astral characters (emoji) is matched per code point, not per half.
  return new RegExp(`^${source}$`, "u");
}

/** Whether `name` (a branch or tag name without its refs/ prefix) matches the glob `pattern`. */
export function matchesRef(pattern: string, name: string): boolean {
  return compileRefPattern(pattern).test(name);
}

/** A git ref split into its kind and short name; anything but branches and tags is `other`. */
export type ParsedRef =
  | { readonly kind: "branch"; readonly name: string }
  | { readonly kind: "tag"; readonly name: string }
  | { readonly kind: "other"; readonly ref: string };

/** Splits `refs/heads/main` → branch `main`, `refs/tags/v1` → tag `v1`. */
export function parseRef(ref: string): ParsedRef {
  if (ref.startsWith("refs/heads/") && ref.length > 11) return { kind: "branch", name: ref.slice(11) };
  if (ref.startsWith("refs/tags/") && ref.length > 10) return { kind: "tag", name: ref.slice(10) };
  return { kind: "other", ref };
}
