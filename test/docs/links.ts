import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const SKIP_DIRS = new Set(["node_modules", "dist", ".local", ".git", "coverage"]);

export function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !SKIP_DIRS.has(entry.name)) out.push(...markdownFiles(join(dir, entry.name)));
    else if (entry.isFile() && entry.name.endsWith(".md")) out.push(join(dir, entry.name));
  }
  return out.sort();
}

/** Markdown text without fenced code blocks and inline code, where link syntax is not a link. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
}

function prose(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, "");
}

/** Targets of inline links/images `[x](target "title")` and reference definitions `[x]: target`. */
export function linkTargets(markdown: string): string[] {
  const text = prose(markdown);
  const inline = [...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(
    (m) => m[1] ?? "",
  );
  const refs = [...text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/gm)].map((m) => m[1] ?? "");
  return [...inline, ...refs];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, duplicates numbered. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = (m[1] ?? "")
      .toLowerCase()
      .replace(/<[^>]+>/g, "")
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const m of markdown.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) out.add(m[1] ?? "");
  return out;
}

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** Problems with the relative links of one Markdown file: missing files or missing heading anchors. */
export function brokenLinks(file: string, markdown: string, root: string): string[] {
  const problems: string[] = [];
  for (const target of linkTargets(markdown)) {
    if (EXTERNAL.test(target)) continue;
    const [pathPart = "", anchor] = target.split("#", 2);
    const path = decodeURIComponent(pathPart.split("?")[0] ?? "");
    const resolved =
      path === "" ? file : path.startsWith("/") ? join(root, path) : resolve(dirname(file), path);
    const label = `${relative(root, file)}: ${target}`;
    if (path !== "" && !existsSync(resolved)) {
      problems.push(`${label} (no such file)`);
      continue;
    }
    if (anchor && resolved.endsWith(".md") && (resolved === file || statSync(resolved).isFile())) {
      const text = resolved === file ? markdown : readFileSync(resolved, "utf8");
      if (!anchors(text).has(anchor.toLowerCase())) problems.push(`${label} (no heading #${anchor})`);
    }
  }
  return problems;
}
