import { join, normalize, type BundleSource } from "./source.js";

const MAX_DEPTH = 32;

/** Expands a glob (`*`, `?`, `[...]`, `**`) against the source; results sorted, relative to the root. */
export function expandGlob(source: BundleSource, pattern: string): string[] {
  const segs = normalize(pattern).split("/");
  const out = new Set<string>();
  step(source, ".", segs, out, 0);
  return [...out].sort();
}

export const hasGlobMeta = (s: string): boolean => /[*?[]/.test(s);

function step(source: BundleSource, base: string, segs: string[], out: Set<string>, depth: number): void {
  const [head, ...rest] = segs;
  if (head === undefined || depth > MAX_DEPTH) return;
  if (!hasGlobMeta(head)) {
    const next = join(base, head);
    if (rest.length === 0) {
      if (source.readFile(next) !== undefined) out.add(next);
    } else step(source, next, rest, out, depth + 1);
    return;
  }
  const entries = source.listDir(base) ?? [];
  if (head === "**") {
    step(source, base, rest, out, depth + 1);
    for (const e of entries) if (e.dir) step(source, join(base, e.name), segs, out, depth + 1);
    return;
  }
  const re = segmentRegex(head);
  for (const e of entries) {
    if (!re.test(e.name)) continue;
    const next = join(base, e.name);
    if (rest.length === 0) {
      if (!e.dir) out.add(next);
    } else if (e.dir) step(source, next, rest, out, depth + 1);
  }
}

function segmentRegex(seg: string): RegExp {
  let re = "";
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i] ?? "";
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = seg.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        re += `[${seg.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
