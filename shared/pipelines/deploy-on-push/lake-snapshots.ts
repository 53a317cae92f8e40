import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { create } from "tar";
import { extractTarball, type TarLimits } from "../../github/tarball.js";
import type { LakeFiles } from "../../lake/store.js";
import type { SnapshotStore } from "./source.activities.js";

/** Where source snapshots live in ORCHESTRATOR_LAKE (ADR 0022). */
export const SOURCES_FOLDER = "_orchestrator/sources";
// The tarball's single top folder: extractTarball strips it, as it strips GitHub's `owner-repo-sha/`.
const TOP = "snapshot";

const lakePath = (id: string) => `${SOURCES_FOLDER}/${id}.tar.gz.b64`;
// Ids are `<owner>/<name>/<sha>`: a hash gives a flat, safe folder name on the worker.
const localName = (id: string) => createHash("sha256").update(id).digest("hex").slice(0, 32);

async function pack(dir: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = create({ gzip: true, cwd: dir, portable: true, prefix: TOP }, readdirSync(dir));
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Source snapshots stored in the lake as a gzipped tar, base64 text (LakeFiles holds text; ADR 0022
 * records the one-third overhead), and materialised into a folder per worker on first use. A worker
 * that does not have a snapshot re-reads it from the lake and extracts it with the same safety rules
 * as GitHub's tarball. Folders appear by rename, so a reader never sees a half-extracted tree.
 */
export function lakeSnapshotStore(files: LakeFiles, cacheDir: string, limits?: TarLimits): SnapshotStore {
  const folder = (id: string) => join(cacheDir, localName(id));
  async function materialise(id: string, fill: (dir: string) => Promise<void>): Promise<string> {
    const dir = folder(id);
    if (existsSync(dir)) return dir;
    mkdirSync(cacheDir, { recursive: true });
    const staging = `${dir}.${randomUUID()}.tmp`;
    mkdirSync(staging);
    try {
      await fill(staging);
      try {
        renameSync(staging, dir);
      } catch (err) {
        // Another activity on this worker finished the same snapshot first; theirs is as good.
        if (!existsSync(dir)) throw err;
      }
      return dir;
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const fromLake = async (id: string): Promise<Buffer | undefined> => {
    const text = await files.read(lakePath(id));
    return text === null ? undefined : Buffer.from(text, "base64");
  };
  const extractInto = async (bytes: Buffer, dir: string) => {
    await extractTarball(Readable.from([bytes]), dir, limits);
  };
  return {
    async ensure(id, fill) {
      const dir = await materialise(id, async (staging) => {
        const stored = await fromLake(id);
        if (stored !== undefined) return extractInto(stored, staging);
        await fill(staging);
        await files.write(lakePath(id), (await pack(staging)).toString("base64"), "text/plain");
      });
      return { id, dir };
    },
    async open(id) {
      return materialise(id, async (staging) => {
        const stored = await fromLake(id);
        if (stored === undefined) throw new Error(`source snapshot ${id} is not in the lake`);
        await extractInto(stored, staging);
      });
    },
  };
}
