/**
 * Field patterns of the direct engine's lifecycle rules (bundle/direct/dresources/resources.yml):
 * `tasks[*].new_cluster.aws_attributes` matches a change path such as
 * `tasks[task_key='main'].new_cluster.aws_attributes.zone_id` — `[*]` stands for any list element,
 * and a rule covers everything under its field (structpath HasPatternPrefix upstream).
 */
import type { Plain } from "../dyn.js";

type Segment = { readonly key: string } | { readonly element: string };

/** Splits `a.b['c d'][0][task_key='x']` into keys and list elements. */
export function segments(path: string): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  while (i < path.length) {
    const ch = path[i];
    if (ch === ".") i++;
    else if (ch === "[") {
      const end = closing(path, i);
      const inner = path.slice(i + 1, end);
      out.push(/^'.*'$/s.test(inner) ? { key: inner.slice(1, -1).replace(/''/g, "'") } : { element: inner });
      i = end + 1;
    } else {
      const m = /^[^.[]+/.exec(path.slice(i));
      out.push({ key: m?.[0] ?? "" });
      i += m?.[0].length ?? 1;
    }
  }
  return out;
}

/** Index of the `]` closing the bracket at `start`, skipping quoted text (`''` is a quote). */
function closing(path: string, start: number): number {
  let quoted = false;
  for (let i = start + 1; i < path.length; i++) {
    if (path[i] === "'") quoted = !quoted;
    else if (path[i] === "]" && !quoted) return i;
  }
  return path.length;
}

/** True when `path` is `pattern` or lies under it. */
export function underPattern(path: string, pattern: string): boolean {
  const p = segments(path);
  const want = segments(pattern);
  if (want.length > p.length) return false;
  return want.every((w, i) => {
    const s = p[i];
    if (s === undefined) return false;
    if ("element" in w) return "element" in s && (w.element === "*" || w.element === s.element);
    return "key" in s && s.key === w.key;
  });
}

/** The value at a change path (`tasks[task_key='t'].new_cluster.num_workers`), undefined when absent. */
export function readPath(v: Plain | undefined, path: string): Plain | undefined {
  let cur = v;
  for (const s of segments(path)) {
    if (cur === undefined || cur === null || typeof cur !== "object") return undefined;
    if ("key" in s) cur = Array.isArray(cur) ? undefined : cur[s.key];
    else if (!Array.isArray(cur)) return undefined;
    else if (/^\d+$/.test(s.element)) cur = cur[Number(s.element)];
    else {
      const m = /^(\w+)='(.*)'$/s.exec(s.element);
      const [k, want] = [m?.[1] ?? "", (m?.[2] ?? "").replace(/''/g, "'")];
      cur = cur.find((x) => x !== null && typeof x === "object" && !Array.isArray(x) && x[k] === want);
    }
  }
  return cur;
}
