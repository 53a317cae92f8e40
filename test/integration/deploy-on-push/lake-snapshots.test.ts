import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BlobServiceClient } from "@azure/storage-blob";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blobLakeFiles } from "../../../shared/lake/blob-store.js";
import type { LakeFiles } from "../../../shared/lake/store.js";
import {
  lakeSnapshotStore,
  SOURCES_FOLDER,
} from "../../../shared/pipelines/deploy-on-push/lake-snapshots.js";
import { lakeSyncSnapshotStore } from "../../../shared/pipelines/deploy-on-push/lake-sync-snapshots.js";
import { craftTar } from "../../unit/github/tar-builder.js";
import { startAzurite } from "./azurite.js";

/** Source and sync snapshots in the orchestrator lake (Azurite through the Blob API), two workers' caches. */
let azurite: Awaited<ReturnType<typeof startAzurite>>;
let lake: LakeFiles;
const work = mkdtempSync(join(tmpdir(), "lake-snapshots-"));
beforeAll(async () => {
  azurite = await startAzurite();
  lake = blobLakeFiles(
    BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient("orchestrator"),
  );
}, 60_000);
afterAll(async () => {
  await azurite?.stop();
  rmSync(work, { recursive: true, force: true });
});

const ID = "acme/ml/0123456789abcdef0123456789abcdef01234567";
const fillSources = (dir: string) => {
  mkdirSync(join(dir, "bundles", "churn", "src"), { recursive: true });
  writeFileSync(join(dir, "bundles", "churn", "databricks.yml"), "bundle:\n  name: churn\n");
  writeFileSync(join(dir, "bundles", "churn", "src", "train.py"), "print('train')\n");
  writeFileSync(join(dir, "README.md"), "top\n");
  return Promise.resolve();
};

describe("lakeSnapshotStore on Azurite", () => {
  it("fills once, stores in the lake, and another worker re-reads the same tree without fetching", async () => {
    let fills = 0;
    const first = lakeSnapshotStore(lake, join(work, "worker-1"));
    const made = await first.ensure(ID, (dir) => (fills++, fillSources(dir)));
    expect(made.id).toBe(ID);
    expect(readFileSync(join(made.dir, "bundles/churn/src/train.py"), "utf8")).toBe("print('train')\n");
    expect(await lake.read(`${SOURCES_FOLDER}/${ID}.tar.gz.b64`)).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect((await first.ensure(ID, () => Promise.reject(new Error("fetched again")))).dir).toBe(made.dir);

    const second = lakeSnapshotStore(lake, join(work, "worker-2"));
    const dir = await second.open(ID);
    expect(dir).not.toBe(made.dir);
    expect(readdirSync(dir).sort()).toEqual(["README.md", "bundles"]);
    expect(readFileSync(join(dir, "bundles/churn/databricks.yml"), "utf8")).toBe("bundle:\n  name: churn\n");
    const third = lakeSnapshotStore(lake, join(work, "worker-3"));
    await third.ensure(ID, () => Promise.reject(new Error("fetched again")));
    expect(fills).toBe(1);
  });

  it("refuses a snapshot that is not stored, and a stored one with an unsafe entry, leaving no folder", async () => {
    const store = lakeSnapshotStore(lake, join(work, "worker-4"));
    await expect(store.open("acme/ml/none")).rejects.toThrow("not in the lake");
    const evil = craftTar([{ path: "snapshot/../escape.txt", body: "x" }]);
    await lake.write(`${SOURCES_FOLDER}/acme/ml/evil.tar.gz.b64`, evil.toString("base64"), "text/plain");
    await expect(store.open("acme/ml/evil")).rejects.toMatchObject({ code: "UNSAFE_TARBALL" });
    expect(readdirSync(join(work, "worker-4"))).toEqual([]);
  });
});

describe("lakeSyncSnapshotStore on Azurite", () => {
  it("saves, loads, tells workspaces and folders apart, and clears", async () => {
    const files = "/Workspace/Shared/.bundle/churn/staging/files";
    const store = lakeSyncSnapshotStore(lake, "http://127.0.0.1:7073", files);
    expect(await store.load()).toBeUndefined();
    const snapshot = {
      version: 1 as const,
      remote_path: files,
      files: { "src/train.py": { hash: "ab", remote: "src/train.py", notebook: false } },
    };
    await store.save(snapshot);
    expect(await store.load()).toEqual(snapshot);
    expect(
      await lakeSyncSnapshotStore(lake, "https://adb-1.azuredatabricks.net", files).load(),
    ).toBeUndefined();
    expect(await lakeSyncSnapshotStore(lake, "http://127.0.0.1:7073", `${files}2`).load()).toBeUndefined();
    await store.clear();
    expect(await store.load()).toBeUndefined();
  });
});
