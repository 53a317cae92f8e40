import { createHash } from "node:crypto";
import type { LocalFile, LocalTree } from "./fileset.js";

/** What the last deploy uploaded, by content hash, so the next one sends only changes. */
export interface SyncSnapshot {
  readonly version: 1;
  /** The `files/` folder the snapshot describes; another folder means no snapshot. */
  readonly remote_path: string;
  readonly files: Readonly<Record<string, SnapshotFile>>;
}

export interface SnapshotFile {
  readonly hash: string;
  /** Workspace path relative to `files/` (notebooks lose their extension). */
  readonly remote: string;
  readonly notebook: boolean;
}

/** Where snapshots are kept: `.databricks/bundle/<target>/sync-snapshots/` for the CLI, storage for the app. */
export interface SnapshotStore {
  load(): Promise<SyncSnapshot | undefined>;
  save(snapshot: SyncSnapshot): Promise<void>;
  /** Destroy forgets the snapshot with the files (bundle/deploy/files/delete.go). */
  clear(): Promise<void>;
}

export interface HashedFile extends LocalFile, SnapshotFile {}

const NOTEBOOK_HEADERS: Record<string, string> = {
  ".py": "# Databricks notebook source",
  ".sql": "-- Databricks notebook source",
  ".scala": "// Databricks notebook source",
  ".r": "# Databricks notebook source",
};

/** Notebooks as the workspace import sees them: a source file with the header, or any .ipynb. */
export function notebookRemote(path: string, content: Uint8Array): string | undefined {
  const dot = path.lastIndexOf(".");
  const ext = dot < 0 ? "" : path.slice(dot).toLowerCase();
  if (ext === ".ipynb") return path.slice(0, dot);
  const header = NOTEBOOK_HEADERS[ext];
  if (header === undefined) return undefined;
  const head = Buffer.from(content.subarray(0, header.length)).toString("utf8");
  return head === header ? path.slice(0, dot) : undefined;
}

export function hashFiles(tree: LocalTree, files: readonly LocalFile[]): HashedFile[] {
  return files.map((f) => {
    const content = tree.read(f.path);
    const remote = notebookRemote(f.path, content);
    const hash = createHash("sha256").update(content).digest("hex");
    return { ...f, hash, remote: remote ?? f.path, notebook: remote !== undefined };
  });
}

export function snapshotOf(remotePath: string, files: readonly HashedFile[]): SyncSnapshot {
  const entries = files.map(
    (f) => [f.path, { hash: f.hash, remote: f.remote, notebook: f.notebook }] as const,
  );
  return { version: 1, remote_path: remotePath, files: Object.fromEntries(entries) };
}

/** Parses a stored snapshot; anything unreadable counts as none (a full upload is always safe). */
export function parseSnapshot(text: string | undefined, remotePath: string): SyncSnapshot | undefined {
  if (text === undefined) return undefined;
  try {
    const s = JSON.parse(text) as Partial<SyncSnapshot>;
    return s.version === 1 && s.remote_path === remotePath && typeof s.files === "object" && s.files !== null
      ? (s as SyncSnapshot)
      : undefined;
  } catch {
    return undefined;
  }
}
