import { stateFiles } from "../layout.js";
import { forEachLimit } from "../pool.js";
import { remoteFs } from "../remote.js";
import { snapshotOf } from "../snapshot.js";
import { deploymentJson, type DeploymentFile } from "../state-files.js";
import type {
  DeleteBundleFiles,
  MakeBundleFolders,
  RecordBundleFiles,
  UploadBundleFiles,
} from "./deploy-bundle.contracts.js";
import type { DeployBundleDeps, Fn } from "./deps.js";

/**
 * The file steps, as sync.ts runSync and deploy-locked.ts do them in one call: folders first on a full
 * upload, one batch of uploads per activity, deletes, then the sync snapshot and deployment.json.
 * Writes overwrite and deletes of missing files succeed, so a retried batch does no harm.
 */
export function createFileActivities(deps: DeployBundleDeps) {
  const concurrency = deps.concurrency ?? 10;
  const fsOf = (target: string) => remoteFs(deps.clientFor(target));
  const makeFolders: Fn<typeof MakeBundleFolders> = async (i) => {
    const fs = fsOf(i.target);
    // The artifacts folder (first deploy) before the files' folders, as deploy-locked.ts orders them.
    const [first, ...rest] = i.dirs;
    if (first !== undefined) await fs.mkdirs(first);
    await forEachLimit(rest, concurrency, (d) => fs.mkdirs(d));
    return { made: i.dirs.length };
  };
  const upload: Fn<typeof UploadBundleFiles> = async (i) => {
    const fs = fsOf(i.target);
    const { tree } = await deps.sources.open(i.source);
    let bytes = 0;
    await forEachLimit(i.paths, concurrency, async (path) => {
      const content = tree.read(path);
      await fs.write(`${i.filesRoot}/${path}`, content, true);
      bytes += content.byteLength;
    });
    return { uploaded: i.paths.length, bytes };
  };
  const remove: Fn<typeof DeleteBundleFiles> = async (i) => {
    const fs = fsOf(i.target);
    await forEachLimit(i.remote, concurrency, (r) => fs.delete(`${i.filesRoot}/${r}`, false));
    return { deleted: i.remote.length };
  };
  const recordFiles: Fn<typeof RecordBundleFiles> = async (i) => {
    const files = i.files.map((f) => ({ ...f }));
    await deps.snapshots(i.layout, i.target).save(snapshotOf(i.layout.files, files));
    // Only seq and id of the previous deployment.json carry over (state-files.ts deploymentJson).
    const previous = i.previous === undefined ? undefined : ({ ...i.previous } as DeploymentFile);
    const ids = { id: deps.newId(), cliVersion: deps.cliVersion, now: deps.now() };
    const doc = deploymentJson(previous, files, ids);
    await fsOf(i.target).write(stateFiles(i.layout).deployment, `${JSON.stringify(doc)}\n`, true);
    return { seq: doc.seq };
  };
  return { makeFolders, upload, remove, recordFiles };
}
