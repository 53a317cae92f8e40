import { createHash } from "node:crypto";
import { parseSnapshot, type SnapshotStore } from "../../bundles/deploy/snapshot.js";
import type { LakeFiles } from "../../lake/store.js";

/** Where the app keeps the bundle engine's sync snapshots in ORCHESTRATOR_LAKE. */
export const SYNC_SNAPSHOTS_FOLDER = "_orchestrator/sync-snapshots";

/**
 * The app-side store of what the last deploy uploaded to a workspace folder (the CLI keeps it under
 * `.databricks/`; the app has no such folder between invocations). Keyed by workspace host and remote
 * path, like the CLI's store. LakeFiles cannot delete, so `clear` writes `{}`, which reads as none.
 */
export function lakeSyncSnapshotStore(files: LakeFiles, host: string, remotePath: string): SnapshotStore {
  const key = createHash("sha256").update(`${host}\n${remotePath}`).digest("hex").slice(0, 32);
  const path = `${SYNC_SNAPSHOTS_FOLDER}/${key}.json`;
  return {
    load: async () => parseSnapshot((await files.read(path)) ?? undefined, remotePath),
    save: (snapshot) => files.write(path, `${JSON.stringify(snapshot)}\n`),
    clear: () => files.write(path, "{}\n"),
  };
}
