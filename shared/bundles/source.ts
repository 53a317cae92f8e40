/**
 * The bundle's files as the engine sees them. Paths are POSIX and relative to the bundle root and may
 * start with `../` (includes and sync paths can point outside the root, like the CLI allows).
 * The engine never touches the disk itself: callers pass a node-fs adapter, tests an in-memory fake.
 */
export interface SourceEntry {
  readonly name: string;
  readonly dir: boolean;
}

export interface BundleSource {
  readFile(path: string): string | undefined;
  listDir(path: string): readonly SourceEntry[] | undefined;
}

/** In-memory source: `{ "databricks.yml": "...", "src/a.py": "" }`. */
export function memorySource(files: Readonly<Record<string, string>>): BundleSource {
  const norm = Object.fromEntries(Object.entries(files).map(([k, v]) => [normalize(k), v]));
  return {
    readFile: (p) => norm[normalize(p)],
    listDir: (p) => {
      const dir = normalize(p);
      const prefix = dir === "." ? "" : `${dir}/`;
      const seen = new Map<string, boolean>();
      for (const f of Object.keys(norm)) {
        if (!f.startsWith(prefix)) continue;
        const rest = f.slice(prefix.length).split("/");
        const name = rest[0];
        if (name !== undefined && name !== "") seen.set(name, rest.length > 1 || (seen.get(name) ?? false));
      }
      return seen.size === 0 && dir !== "." ? undefined : [...seen].map(([name, d]) => ({ name, dir: d }));
    },
  };
}

/** Lexical POSIX normalisation keeping leading `..` segments. */
export function normalize(path: string): string {
  const out: string[] = [];
  const absolute = path.startsWith("/");
  for (const seg of path.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (seg === ".." && absolute) continue;
    else out.push(seg);
  }
  const joined = out.join("/");
  return absolute ? `/${joined}` : joined === "" ? "." : joined;
}

export const dirname = (p: string): string => {
  const i = p.lastIndexOf("/");
  return i < 0 ? "." : i === 0 ? "/" : p.slice(0, i);
};

export const join = (...parts: string[]): string => normalize(parts.filter((p) => p !== "" && p !== ".").join("/"));
