import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, posix } from "node:path";
import type { Store } from "../db.js";
import { ApiError, exists, invalid, notFound } from "../http.js";
import type { Imported, Language, ObjectType } from "./formats.js";

/** Workspace `ObjectInfo` as the emulator answers it (object_id still a decimal string). */
export interface ObjectInfo {
  object_type: ObjectType;
  path: string;
  object_id: string;
  resource_id: string;
  language?: Language;
  created_at: number;
  modified_at: number;
  size?: number;
}

interface Row {
  object_id: string;
  object_type: ObjectType;
  language: Language | null;
  created_at: number;
}

/** Workspace tree on disk under `<data>/workspace`; ids and notebook-ness in SQLite. */
export class WorkspaceStore {
  private readonly root: string;

  constructor(
    private readonly store: Store,
    dataDir: string,
  ) {
    this.root = join(dataDir, "workspace");
    mkdirSync(this.root, { recursive: true });
  }

  /** Normalises a workspace path (`/Workspace/...` accepted) and rejects escapes from the tree. */
  static normalise(path: string): string {
    if (!path.startsWith("/")) throw invalid(`Path (${path}) is not absolute.`);
    const clean = posix.normalize(path).replace(/\/+$/, "") || "/";
    if (clean.split("/").includes("..")) throw invalid(`Path (${path}) is invalid.`);
    return clean === "/Workspace" ? "/" : clean.replace(/^\/Workspace\//, "/");
  }

  diskPath(path: string): string {
    return join(this.root, WorkspaceStore.normalise(path));
  }

  status(rawPath: string): ObjectInfo {
    const path = WorkspaceStore.normalise(rawPath);
    const disk = this.diskPath(path);
    if (!existsSync(disk)) throw notFound(`Path (${rawPath}) doesn't exist.`);
    const stat = statSync(disk);
    const row = this.row(path, stat.isDirectory() ? "DIRECTORY" : "FILE", stat.mtimeMs);
    const info: ObjectInfo = {
      object_type: row.object_type,
      path,
      object_id: row.object_id,
      resource_id: row.object_id,
      created_at: row.created_at,
      modified_at: Math.floor(stat.mtimeMs),
    };
    if (row.language) info.language = row.language;
    if (row.object_type === "FILE") info.size = stat.size;
    return info;
  }

  mkdirs(rawPath: string): void {
    const path = WorkspaceStore.normalise(rawPath);
    for (let p = path; p !== "/"; p = posix.dirname(p)) {
      const disk = this.diskPath(p);
      if (existsSync(disk) && !statSync(disk).isDirectory()) {
        throw new ApiError(
          400,
          "RESOURCE_ALREADY_EXISTS",
          `Cannot create directory ${path}: ${p} is a file.`,
        );
      }
    }
    mkdirSync(this.diskPath(path), { recursive: true });
  }

  write(item: Imported, overwrite: boolean): void {
    const path = WorkspaceStore.normalise(item.path);
    const disk = this.diskPath(path);
    if (existsSync(disk)) {
      if (statSync(disk).isDirectory()) throw exists(`Path (${path}) already exists as a directory.`);
      if (!overwrite) throw exists(`Path (${path}) already exists.`);
    }
    // Like the real import API: no implicit mkdir -p (the CLI mkdirs and retries on this 404).
    const parent = posix.dirname(path);
    if (!existsSync(this.diskPath(parent)) || !statSync(this.diskPath(parent)).isDirectory()) {
      throw notFound(`The parent folder (${parent}) does not exist.`);
    }
    writeFileSync(disk, item.content);
    this.row(path, item.type, Date.now());
    this.store.db
      .prepare("UPDATE objects SET object_type = ?, language = ? WHERE path = ?")
      .run(item.type, item.language ?? null, path);
  }

  read(rawPath: string): { info: ObjectInfo; content: Buffer } {
    const info = this.status(rawPath);
    if (info.object_type === "DIRECTORY")
      throw invalid(`Path (${rawPath}) is a directory; export it in DBC format.`);
    return { info, content: readFileSync(this.diskPath(info.path)) };
  }

  list(rawPath: string): ObjectInfo[] {
    const info = this.status(rawPath);
    if (info.object_type !== "DIRECTORY") return [info];
    const disk = this.diskPath(info.path);
    return readdirSync(disk)
      .sort()
      .map((name) => this.status(posix.join(info.path, name)));
  }

  delete(rawPath: string, recursive: boolean): void {
    const info = this.status(rawPath);
    const disk = this.diskPath(info.path);
    if (info.path === "/") throw invalid("Cannot delete the workspace root.");
    if (info.object_type === "DIRECTORY" && !recursive && readdirSync(disk).length > 0) {
      throw new ApiError(400, "DIRECTORY_NOT_EMPTY", `Folder (${info.path}) is not empty.`);
    }
    rmSync(disk, { recursive: true, force: true });
    this.store.db
      .prepare("DELETE FROM objects WHERE path = ? OR path LIKE ?")
      .run(info.path, `${info.path}/%`);
  }

  /** The object's row, created on first sight so that files placed on disk by hand get ids too. */
  private row(path: string, type: ObjectType, createdMs: number): Row {
    const db = this.store.db;
    const found = db
      .prepare("SELECT object_id, object_type, language, created_at FROM objects WHERE path = ?")
      .get(path) as Row | undefined;
    if (found) return found;
    const created: Row = {
      object_id: this.store.nextId(),
      object_type: type,
      language: null,
      created_at: Math.floor(createdMs),
    };
    db.prepare(
      "INSERT INTO objects (path, object_id, object_type, language, created_at) VALUES (?, ?, ?, ?, ?)",
    ).run(path, created.object_id, type, null, created.created_at);
    return created;
  }
}
