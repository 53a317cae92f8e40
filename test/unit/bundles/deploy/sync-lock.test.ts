import { describe, expect, it } from "vitest";
import { acquireLock, releaseLock } from "../../../../shared/bundles/deploy/lock.js";
import { forEachLimit } from "../../../../shared/bundles/deploy/pool.js";
import type { RemoteFs } from "../../../../shared/bundles/deploy/remote.js";
import { notebookRemote, type HashedFile, snapshotOf } from "../../../../shared/bundles/deploy/snapshot.js";
import { resourcesJson } from "../../../../shared/bundles/deploy/state-files.js";
import { planSync } from "../../../../shared/bundles/deploy/sync.js";

const file = (path: string, hash: string, notebook = false): HashedFile => ({
  path,
  size: 1,
  hash,
  remote: notebook ? path.replace(/\.py$/, "") : path,
  notebook,
});

describe("planSync", () => {
  const before = [file("a.py", "1"), file("b.py", "2"), file("nb.py", "3", true)];
  const snap = snapshotOf("/files", before);

  it("uploads changed and new files and deletes vanished ones by their workspace name", () => {
    const now = [file("a.py", "1"), file("b.py", "changed"), file("c.py", "4")];
    expect(planSync(now, snap, [])).toEqual({ upload: [now[1], now[2]], remove: ["nb"] });
  });

  it("without a snapshot uploads everything and deletes what deployment.json listed and is gone", () => {
    const now = [file("a.py", "1")];
    expect(
      planSync(now, undefined, [
        { local_path: "a.py", is_notebook: false },
        { local_path: "nb.py", is_notebook: true },
        { local_path: "x.txt", is_notebook: false },
      ]),
    ).toEqual({ upload: now, remove: ["nb", "x.txt"] });
  });

  it("a file that stops being a notebook is uploaded again and its notebook deleted", () => {
    expect(planSync([file("nb.py", "3")], snap, [])).toEqual({
      upload: [file("nb.py", "3")],
      remove: ["a.py", "b.py", "nb"],
    });
  });
});

describe("notebook detection", () => {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  it.each([
    ["x.py", "# Databricks notebook source\n1", "x"],
    ["x.py", "print(1)", undefined],
    ["q.sql", "-- Databricks notebook source\n", "q"],
    ["n.ipynb", "{}", "n"],
    ["r.txt", "# Databricks notebook source", undefined],
  ])("%s", (path, text, remote) => expect(notebookRemote(path, enc(text))).toBe(remote));
});

/** A workspace folder in memory with the import API's overwrite semantics. */
function memoryFs(): RemoteFs & { files: Map<string, string> } {
  const files = new Map<string, string>();
  return {
    files,
    write: (p, c, overwrite) => {
      if (files.has(p) && !overwrite)
        return Promise.reject(Object.assign(new Error("exists"), { errorCode: "RESOURCE_ALREADY_EXISTS" }));
      files.set(p, typeof c === "string" ? c : new TextDecoder().decode(c));
      return Promise.resolve();
    },
    readText: (p) => Promise.resolve(files.get(p)),
    mkdirs: () => Promise.resolve(),
    delete: (p) => Promise.resolve(void files.delete(p)),
  };
}

describe("deploy.lock", () => {
  const now = new Date("2026-11-26T01:00:00.000Z");
  it("writes the CLI's fields, refuses a second holder, releases only its own lock", async () => {
    const fs = memoryFs();
    await acquireLock(fs, { path: "/s/deploy.lock", id: "A", user: "a@x", now });
    expect(JSON.parse(fs.files.get("/s/deploy.lock") ?? "")).toEqual({
      ID: "A",
      AcquisitionTime: "2026-11-26T01:00:00.000Z",
      IsForced: false,
      User: "a@x",
    });
    await expect(
      acquireLock(fs, { path: "/s/deploy.lock", id: "B", user: "b@x", now }),
    ).rejects.toMatchObject({
      code: "LOCK_HELD",
      message:
        "Failed to acquire deployment lock: deploy lock acquired by a@x at 2026-11-26T01:00:00.000Z. Use --force-lock to override",
    });
    expect(await releaseLock(fs, "/s/deploy.lock", "B")).toBe("not-ours");
    await acquireLock(fs, { path: "/s/deploy.lock", id: "B", user: "b@x", now, force: true });
    expect(JSON.parse(fs.files.get("/s/deploy.lock") ?? "")).toMatchObject({ ID: "B", IsForced: true });
    expect(await releaseLock(fs, "/s/deploy.lock", "B")).toBe("released");
    expect(await releaseLock(fs, "/s/deploy.lock", "B")).toBe("absent");
  });
});

describe("forEachLimit", () => {
  it("keeps exactly `limit` calls in flight and stops starting new ones after a failure", async () => {
    let inFlight = 0;
    let peak = 0;
    const started: number[] = [];
    const release: (() => void)[] = [];
    const run = forEachLimit([...Array(20).keys()], 8, async (i) => {
      started.push(i);
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((r) => release.push(r));
      inFlight--;
      if (i === 3) throw new Error("boom");
    });
    while (release.length > 0 || started.length < 8) {
      await Promise.resolve();
      release.shift()?.();
    }
    await expect(run).rejects.toThrow("boom");
    expect(peak).toBe(8);
    expect(started.length).toBeLessThan(20);
  });
});

describe("resources.json", () => {
  it("keeps the lineage, counts the serial up and writes big ids exactly", () => {
    const prev = { state_version: 2, cli_version: "x", lineage: "L", serial: 4, state: {} };
    const { text, serial } = resourcesJson(
      prev,
      {
        "resources.jobs.b": { __id__: "2", state: { n: 9223372036854775807n } },
        "resources.jobs.a": { __id__: "1", state: {} },
      },
      { lineage: "new", cliVersion: "0.1.0" },
    );
    expect(serial).toBe(5);
    expect(text).toBe(
      '{\n "state_version": 2,\n "cli_version": "0.1.0",\n "lineage": "L",\n "serial": 5,\n "state": {\n  "resources.jobs.a": {\n   "__id__": "1",\n   "state": {}\n  },\n  "resources.jobs.b": {\n   "__id__": "2",\n   "state": {\n    "n": 9223372036854775807\n   }\n  }\n }\n}\n',
    );
  });
});
