/**
 * The handful of jq filters the corpus scripts use, implemented for the conformance suite only.
 * Generic paths (`.a.b[0].c`) are interpreted; the few structured filters are matched literally.
 * An unknown filter throws, so a new case cannot pass by accident.
 */
type J = unknown;
type Obj = Record<string, J>;

const obj = (v: J): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});

function path(v: J, expr: string): J {
  if (expr === ".") return v;
  let cur: J = v;
  for (const m of expr.matchAll(/\.([^.[\]]+)|\[(\d+)\]/gu)) {
    if (m[1] !== undefined) cur = cur === null || cur === undefined ? null : (obj(cur)[m[1]] ?? null);
    else cur = Array.isArray(cur) ? (cur[Number(m[2])] ?? null) : null;
  }
  return cur;
}

const GENERIC = /^(\.[\p{L}\p{N}_-]+(\[\d+\])*)+$|^\.$/u;

const SPECIAL: Record<string, (v: J) => J> = {
  "pick(.resources)": (v) => ({ resources: obj(v)["resources"] ?? null }),
  "{resources, variables}": (v) => ({ resources: obj(v)["resources"] ?? null, variables: obj(v)["variables"] ?? null }),
  "del(.terraform)": (v) => omit(v, ["terraform"]),
  "del(.current_user)": (v) => omit(v, ["current_user"]),
  "del(.workspace.current_user)": (v) => ({ ...obj(v), workspace: omit(obj(v)["workspace"], ["current_user"]) }),
  "map_values(.value)": (v) => Object.fromEntries(Object.entries(obj(v)).map(([k, x]) => [k, obj(x)["value"] ?? null])),
  "map({task_key, notebook_path: .notebook_task.notebook_path})": (v) =>
    (Array.isArray(v) ? v : []).map((t) => ({ task_key: obj(t)["task_key"] ?? null, notebook_path: path(t, ".notebook_task.notebook_path") })),
  "{ paths: [.resources.jobs.job.tasks[].spark_python_task.python_file] }": (v) => ({
    paths: ((path(v, ".resources.jobs.job.tasks") as J[] | null) ?? []).map((t) => path(t, ".spark_python_task.python_file")),
  }),
  '.resources.jobs[] | select(.name == "include_outside_root")': (v) =>
    Object.values(obj(path(v, ".resources.jobs"))).find((j) => obj(j)["name"] === "include_outside_root") ?? null,
};

function omit(v: J, keys: string[]): J {
  return Object.fromEntries(Object.entries(obj(v)).filter(([k]) => !keys.includes(k)));
}

/** Applies `f1 | f2 | ...` (each stage one of the supported filters). */
export function jq(filter: string, input: J): J {
  const special = SPECIAL[filter.trim()];
  if (special !== undefined) return special(input);
  const stages = filter.split("|").map((s) => s.trim());
  if (stages.length > 1) return stages.reduce((acc, s) => jq(s, acc), input);
  const f = stages[0] ?? ".";
  if (GENERIC.test(f)) return path(input, f);
  throw new Error(`jq filter not supported by the conformance harness: ${filter}`);
}
