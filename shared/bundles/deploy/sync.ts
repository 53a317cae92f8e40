import type { LocalTree } from "./fileset.js";
import { forEachLimit } from "./pool.js";
import type { RemoteFs } from "./remote.js";
import type { HashedFile, SyncSnapshot } from "./snapshot.js";

/** A file the previous deploy recorded in deployment.json (`files[]`). */
export interface DeployedFile {
  readonly local_path: string;
  readonly is_notebook: boolean;
}

export interface SyncPlan {
  readonly upload: readonly HashedFile[];
  /** Workspace paths relative to `files/`. */
  readonly remove: readonly string[];
}

const stripExt = (p: string): string =>
  p.lastIndexOf(".") > p.lastIndexOf("/") ? p.slice(0, p.lastIndexOf(".")) : p;

/**
 * Changed or new files are uploaded, files gone since the snapshot are deleted. Without a
 * snapshot (first deploy, CI, a fresh orchestrator store) everything is uploaded and the files
 * the previous deploy listed in deployment.json, if gone, are deleted (deploy__files__no-snapshot-sync).
 */
export function planSync(
  files: readonly HashedFile[],
  snapshot: SyncSnapshot | undefined,
  deployed: readonly DeployedFile[],
): SyncPlan {
  const current = new Set(files.map((f) => f.remote));
  if (snapshot === undefined) {
    const gone = deployed
      .map((d) => (d.is_notebook ? stripExt(d.local_path) : d.local_path))
      .filter((r) => !current.has(r));
    return { upload: files, remove: [...new Set(gone)].sort() };
  }
  const upload = files.filter(
    (f) => snapshot.files[f.path]?.hash !== f.hash || snapshot.files[f.path]?.remote !== f.remote,
  );
  const remove = Object.values(snapshot.files)
    .map((s) => s.remote)
    .filter((r) => !current.has(r));
  return { upload, remove: [...new Set(remove)].sort() };
}

export interface SyncResult {
  readonly uploaded: number;
  readonly deleted: number;
  readonly bytes: number;
}

export interface SyncOptions {
  /** Uploads in flight; the issue asks for at least 8. */
  readonly concurrency: number;
  /** Folders to create up front (a full upload), instead of one failed import + mkdirs per folder. */
  readonly precreateDirs: boolean;
}

/** The folders a full upload creates first: the leaves of the uploaded files' folders. */
export function leafDirs(filesRoot: string, paths: readonly string[]): string[] {
  const dirs = new Set(paths.map((p) => `${filesRoot}/${p}`.replace(/\/[^/]*$/, "")));
  return [...dirs].filter((d) => ![...dirs].some((o) => o.startsWith(`${d}/`)));
}

export async function runSync(
  fs: RemoteFs,
  tree: LocalTree,
  filesRoot: string,
  plan: SyncPlan,
  options: SyncOptions,
): Promise<SyncResult> {
  let bytes = 0;
  if (options.precreateDirs)
    await forEachLimit(
      leafDirs(
        filesRoot,
        plan.upload.map((f) => f.path),
      ),
      options.concurrency,
      (d) => fs.mkdirs(d),
    );
  await forEachLimit(plan.upload, options.concurrency, async (f) => {
    const content = tree.read(f.path);
    await fs.write(`${filesRoot}/${f.path}`, content, true);
    bytes += content.byteLength;
  });
  await forEachLimit(plan.remove, options.concurrency, (r) => fs.delete(`${filesRoot}/${r}`, false));
  return { uploaded: plan.upload.length, deleted: plan.remove.length, bytes };
}
