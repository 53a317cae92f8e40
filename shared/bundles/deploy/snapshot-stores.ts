import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseSnapshot, type SnapshotStore, type SyncSnapshot } from "./snapshot.js";

/**
 * The CLI-side store: `.databricks/bundle/<target>/sync-snapshots/` like the CLI's own snapshots,
 * under a name of ours (the CLI's files have another format; removing the folder forces a full
 * upload with either tool, as in deploy__files__out-of-band-delete).
 */
export function fileSnapshotStore(
  bundleDir: string,
  target: string,
  host: string,
  remotePath: string,
): SnapshotStore & { readonly path: string } {
  const key = createHash("sha256").update(`${host}\n${remotePath}`).digest("hex").slice(0, 16);
  const path = join(bundleDir, ".databricks", "bundle", target, "sync-snapshots", `orchestrator-${key}.json`);
  return {
    path,
    load: () => {
      try {
        return Promise.resolve(parseSnapshot(readFileSync(path, "utf8"), remotePath));
      } catch {
        return Promise.resolve(undefined);
      }
    },
    save: (s) => {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${JSON.stringify(s)}\n`);
      return Promise.resolve();
    },
    clear: () => Promise.resolve(rmSync(path, { force: true })),
  };
}

/** In memory (tests, and one orchestration's lifetime). */
export function memorySnapshotStore(
  remotePath: string,
): SnapshotStore & { current(): SyncSnapshot | undefined } {
  let text: string | undefined;
  return {
    load: () => Promise.resolve(parseSnapshot(text, remotePath)),
    save: (s) => {
      text = JSON.stringify(s);
      return Promise.resolve();
    },
    clear: () => Promise.resolve(void (text = undefined)),
    current: () => parseSnapshot(text, remotePath),
  };
}
