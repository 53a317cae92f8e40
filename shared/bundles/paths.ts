import { error, type Diagnostic } from "./diagnostics.js";
import { isMap, isSeq, scalar, seq, str, type DMap, type DValue, type Path } from "./dyn.js";
import { mapResources, withEntry } from "./resources.js";
import { dirname, join, normalize, type BundleSource } from "./source.js";

type Kind = "notebook" | "file" | "directory" | "library";

/** Task fields holding local paths (translate_paths_jobs.go). */
const TASK_FIELDS: [string[], Kind][] = [
  [["notebook_task", "notebook_path"], "notebook"],
  [["spark_python_task", "python_file"], "file"],
  [["dbt_task", "project_directory"], "directory"],
  [["sql_task", "file", "path"], "file"],
];
const LIBRARY_FIELDS = ["whl", "jar", "requirements"];
const NOTEBOOK_EXT = /\.(py|r|scala|sql|ipynb)$/i;

export interface PathContext {
  readonly source: BundleSource;
  readonly filePath: string;
  readonly syncRoot: string;
}

/** Sync root: the common ancestor of the bundle root and every `sync.paths` entry. */
export function syncRoot(config: DMap): string {
  const sync = config.entries.get("sync");
  const paths = isMap(sync) && isSeq(sync.entries.get("paths")) ? (sync.entries.get("paths") as { items: DValue[] }).items : [];
  let root = ".";
  for (const p of paths) root = commonAncestor(root, normalize(str(p) ?? "."));
  return root;
}

function commonAncestor(a: string, b: string): string {
  // A path above the root (`../src`) lifts the sync root to that level; the root's own name is not
  // known here, so files of the bundle root itself cannot be addressed from above (documented limit).
  const up = Math.max(leadingUps(a), leadingUps(b));
  if (up > 0) return Array.from({ length: up }, () => "..").join("/");
  const sa = a === "." ? [] : a.split("/");
  const sb = b === "." ? [] : b.split("/");
  const out: string[] = [];
  for (let i = 0; i < Math.min(sa.length, sb.length) && sa[i] === sb[i]; i++) out.push(sa[i] ?? "");
  return out.length === 0 ? "." : out.join("/");
}

function leadingUps(p: string): number {
  const segs = p.split("/");
  const firstReal = segs.findIndex((s) => s !== "..");
  return firstReal === -1 ? segs.length : firstReal;
}

/** `p` relative to `base`, or undefined when p is not inside base. */
export function within(base: string, p: string): string | undefined {
  if (base === ".") return p.startsWith("../") || p === ".." ? undefined : p;
  if (p === base) return ".";
  return p.startsWith(`${base}/`) ? p.slice(base.length + 1) : undefined;
}

const isLocal = (p: string): boolean => p !== "" && !p.startsWith("/") && !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(p) && !p.startsWith("${");

/**
 * Rewrites local task paths relative to the YAML file that declared them into workspace paths under
 * file_path; libraries become bundle-root relative (artifact upload rewrites them later). Jobs with
 * git_source keep their paths: those tasks read from the repository.
 */
export function translateJobPaths(config: DMap, ctx: PathContext): { config: DMap; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const out = mapResources(config, "jobs", (job, key) => {
    if (isMap(job.entries.get("git_source"))) return withGitSource(job);
    const tasks = job.entries.get("tasks");
    if (!isSeq(tasks)) return job;
    const items = tasks.items.map((t, i) => translateTask(t, ["resources", "jobs", key, "tasks", i], ctx, diagnostics));
    return withEntry(job, "tasks", seq(items, tasks.loc));
  });
  return { config: out, diagnostics: diagnostics.slice(0, 1) };
}

function withGitSource(job: DMap): DMap {
  const tasks = job.entries.get("tasks");
  if (!isSeq(tasks)) return job;
  const items = tasks.items.map((t) => {
    const nb = isMap(t) ? t.entries.get("notebook_task") : undefined;
    if (!isMap(t) || !isMap(nb) || nb.entries.has("source")) return t;
    return withEntry(t, "notebook_task", withEntry(nb, "source", scalar("GIT")));
  });
  return withEntry(job, "tasks", seq(items, tasks.loc));
}

function translateTask(task: DValue, path: Path, ctx: PathContext, diags: Diagnostic[]): DValue {
  if (!isMap(task)) return task;
  let out = task;
  for (const [fields, kind] of TASK_FIELDS) out = rewriteAt(out, fields, kind, [...path, ...fields], ctx, diags);
  const nested = out.entries.get("for_each_task");
  const inner = isMap(nested) ? nested.entries.get("task") : undefined;
  if (isMap(nested) && inner !== undefined) {
    out = withEntry(out, "for_each_task", withEntry(nested, "task", translateTask(inner, [...path, "for_each_task", "task"], ctx, diags)));
  }
  const libs = out.entries.get("libraries");
  if (isSeq(libs)) {
    const items = libs.items.map((lib, i) => {
      let l = lib;
      for (const f of LIBRARY_FIELDS) if (isMap(l)) l = rewriteAt(l, [f], "library", [...path, "libraries", i, f], ctx, diags);
      return l;
    });
    out = withEntry(out, "libraries", seq(items, libs.loc));
  }
  return out;
}

function rewriteAt(m: DMap, fields: string[], kind: Kind, path: Path, ctx: PathContext, diags: Diagnostic[]): DMap {
  const [head, ...rest] = fields;
  const child = head === undefined ? undefined : m.entries.get(head);
  if (head === undefined || child === undefined) return m;
  if (rest.length > 0) return isMap(child) ? withEntry(m, head, rewriteAt(child, rest, kind, path, ctx, diags)) : m;
  const value = str(child);
  if (value === undefined || !isLocal(value)) return m;
  const local = join(dirname(child.loc?.file ?? "."), value);
  const translated = translateOne(local, kind, path, ctx, child, diags);
  return withEntry(m, head, scalar(translated, child.loc));
}

function translateOne(local: string, kind: Kind, path: Path, ctx: PathContext, node: DValue, diags: Diagnostic[]): string {
  if (kind === "library") return local;
  const rel = within(ctx.syncRoot, local);
  if (rel === undefined) {
    diags.push(error(`path ${local} is not contained in sync root path`, node.loc, path));
    return local;
  }
  const exists = kind === "directory" ? ctx.source.listDir(local) !== undefined : ctx.source.readFile(local) !== undefined;
  if (!exists) {
    diags.push(error(missingMessage(kind, local), node.loc, path));
    return local;
  }
  const remote = `${ctx.filePath}/${rel}`;
  if (kind === "notebook" && !local.endsWith(".designer.ipynb")) return remote.replace(NOTEBOOK_EXT, "");
  return remote;
}

function missingMessage(kind: Kind, local: string): string {
  if (kind === "notebook") {
    return `notebook "${local}" not found. Local notebook references are expected\nto contain one of the following file extensions: [.py, .r, .scala, .sql, .ipynb]`;
  }
  return `${kind} ${local} not found`;
}
