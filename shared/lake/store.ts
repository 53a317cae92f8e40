import type { LakeLocation } from "../config/lake.js";

export type { LakeLocation };

/**
 * The file operations the orchestrator needs in one lake filesystem. Two implementations: the Blob API
 * (Azurite, key-based accounts) and the DFS API (ADLS Gen2 with managed identity) — ADR 0012.
 * Paths are relative to the filesystem root, `/`-separated, already checked by lakePathProblem.
 */
export interface LakeFiles {
  /** The whole file as UTF-8, or null when it does not exist. */
  read(path: string): Promise<string | null>;
  /** Creates or replaces the file in one step: readers see the old or the new content, never a part. */
  write(path: string, text: string, contentType?: string): Promise<void>;
  /**
   * Creates the file when missing and adds `text` at its end atomically (concurrent appends never
   * interleave). Append only to files made by append: through the Blob API a file made by write() is a
   * block blob, which Append Block refuses (409 InvalidBlobType); DFS has no such distinction.
   */
  append(path: string, text: string): Promise<void>;
}

/** Every lake filesystem the app may touch, reached the same way. */
export interface Lake {
  at(location: LakeLocation): LakeFiles;
}
