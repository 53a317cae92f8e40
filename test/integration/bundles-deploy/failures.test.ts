import { mkdtempSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleDir, errorOf, harness, writeFiles, type Harness } from "./helpers.js";

const root = "/Workspace/Users/developer@example.com/.bundle/fail/default";
const lockPath = `${root}/state/deploy.lock`;

const yml = (jobs: Record<string, string>): string =>
  `bundle:\n  name: fail\nresources:\n  jobs:\n${Object.entries(jobs)
    .map(([k, name]) => `    ${k}:\n      name: ${name}\n`)
    .join("")}`;

async function fault(h: Harness, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${h.emu.url}/__emulator/faults`, {
    method: "POST",
    headers: { authorization: `Bearer ${h.emu.token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.ok).toBe(true);
}

describe("bundle deploy: lock contention and failures", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.emu.stop());

  it("a lock held by someone else (a CLI lock file) blocks the deploy, names the holder and writes nothing", async () => {
    const dir = bundleDir({ "databricks.yml": yml({ a: "a" }), "main.py": "" });
    await h.client.workspace.mkdirs(`${root}/state`);
    const theirs = JSON.stringify({
      ID: "5e1c3a8e-0000-4000-8000-000000000001",
      AcquisitionTime: "2026-11-25T10:00:00Z",
      IsForced: false,
      User: "colleague@example.com",
    });
    await h.client.workspaceFiles.importFile(lockPath, new TextEncoder().encode(theirs), false);
    h.count.reset();
    const r = await h.deploy(dir);
    expect(r.kind).toBe("failed");
    expect(errorOf(r)).toBe(
      "Failed to acquire deployment lock: deploy lock acquired by colleague@example.com at 2026-11-25T10:00:00Z. Use --force-lock to override",
    );
    expect(h.count.writes()).toEqual([]);
    expect(await h.client.workspaceFiles.downloadText(lockPath)).toBe(theirs);
    const forced = await h.deploy(dir, { forceLock: true });
    expect(errorOf(forced)).toBe("");
    await expect(h.client.workspace.getStatus(lockPath)).rejects.toMatchObject({ status: 404 });
    expect((await h.destroy(dir)).kind).toBe("destroyed");
  });

  it("a deploy in progress holds the lock against a second one", async () => {
    const dir = bundleDir({ "databricks.yml": yml({ slow: "slow" }) });
    await fault(h, { path: "/api/2.2/jobs/create", latencyMs: 1500, count: 1 });
    const first = h.deploy(dir);
    for (;;) {
      const held = await h.client.workspace.getStatus(lockPath).then(
        () => true,
        () => false,
      );
      if (held) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const second = await h.deploy(dir);
    expect(errorOf(second)).toMatch(
      /^Failed to acquire deployment lock: deploy lock acquired by developer@example.com at /,
    );
    expect(errorOf(await first)).toBe("");
    expect((await h.destroy(dir)).kind).toBe("destroyed");
  });

  it("a failure mid-apply keeps the previous state plus what succeeded, and releases the lock", async () => {
    const dir = bundleDir({ "databricks.yml": yml({ keep: "keep", upd: "upd" }) });
    expect(errorOf(await h.deploy(dir))).toBe("");
    const before = JSON.parse(await h.client.workspaceFiles.downloadText(`${root}/state/resources.json`)) as {
      serial: number;
      lineage: string;
      state: Record<string, { __id__: string; state: { name: string } }>;
    };
    writeFiles(dir, { "databricks.yml": yml({ keep: "keep", upd: "renamed", zz_new: "new" }) });
    await fault(h, { path: "/api/2.2/jobs/create", status: 500, count: 1 });
    const r = await h.deploy(dir);
    expect(r.kind).toBe("failed");
    expect(errorOf(r)).toMatch(
      /^cannot create resources\.jobs\.zz_new: POST \/api\/2\.2\/jobs\/create failed: INTERNAL_ERROR: Injected fault \(500\)$/,
    );
    expect(r.kind === "failed" && r.applied).toEqual([{ node: "resources.jobs.upd", action: "update" }]);
    const after = JSON.parse(
      await h.client.workspaceFiles.downloadText(`${root}/state/resources.json`),
    ) as typeof before;
    expect(after.lineage).toBe(before.lineage);
    expect(after.serial).toBe(before.serial + 1);
    expect(after.state["resources.jobs.keep"]).toEqual(before.state["resources.jobs.keep"]);
    expect(after.state["resources.jobs.upd"]?.state.name).toBe("renamed");
    expect(after.state["resources.jobs.zz_new"]).toBeUndefined();
    await expect(h.client.workspace.getStatus(lockPath)).rejects.toMatchObject({ status: 404 });
    const again = await h.deploy(dir);
    expect(again.kind === "deployed" && again.applied).toEqual([
      { node: "resources.jobs.zz_new", action: "create" },
    ]);
    expect((await h.destroy(dir)).kind).toBe("destroyed");
  });

  it("a failed file sync leaves the state file untouched and releases the lock", async () => {
    const dir = bundleDir({ "databricks.yml": yml({ one: "one" }), "a.py": "1" });
    expect(errorOf(await h.deploy(dir))).toBe("");
    const before = await h.client.workspaceFiles.downloadText(`${root}/state/resources.json`);
    writeFiles(dir, { "databricks.yml": yml({ one: "changed" }), "a.py": "2" });
    await fault(h, {
      pathPrefix: `/api/2.0/workspace-files/import-file${root.replace("@", "%40")}/files/`,
      status: 503,
      count: 50,
    });
    const r = await h.deploy(dir);
    expect(r.kind).toBe("failed");
    await fetch(`${h.emu.url}/__emulator/faults`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${h.emu.token}` },
    });
    expect(await h.client.workspaceFiles.downloadText(`${root}/state/resources.json`)).toBe(before);
    await expect(h.client.workspace.getStatus(lockPath)).rejects.toMatchObject({ status: 404 });
    expect((await h.destroy(dir)).kind).toBe("destroyed");
  });
});

describe("bundle destroy: a failure part-way", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.emu.stop());

  it("records the resources it did delete and keeps the rest in the state", async () => {
    const dir = bundleDir({ "databricks.yml": yml({ a: "a", b: "b" }) });
    expect(errorOf(await h.deploy(dir))).toBe("");
    const path = `${root}/state/resources.json`;
    const state = JSON.parse(await h.client.workspaceFiles.downloadText(path)) as {
      serial: number;
      state: Record<string, unknown>;
    };
    // An experiment this emulator (no MLflow) cannot look up: destroy deletes the jobs, then fails on it.
    state.state["resources.experiments.e"] = { __id__: "123", state: { name: "/Shared/e" } };
    await h.client.workspaceFiles.importFile(path, new TextEncoder().encode(JSON.stringify(state)), true);
    const r = await h.destroy(dir);
    expect(r.kind).toBe("failed");
    expect(r.kind === "failed" && r.deleted).toEqual(["resources.jobs.b", "resources.jobs.a"]);
    expect(errorOf(r)).toMatch(/^cannot delete resources\.experiments\.e: /);
    const after = JSON.parse(await h.client.workspaceFiles.downloadText(path)) as typeof state;
    expect(Object.keys(after.state)).toEqual(["resources.experiments.e"]);
    expect(after.serial).toBe(state.serial + 1);
    await expect(h.client.workspace.getStatus(lockPath)).rejects.toMatchObject({ status: 404 });
  });
});

describe("bundle deploy: bad input is refused before anything is written", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.emu.stop());

  const refused = async (files: Record<string, string>, prepare?: (dir: string) => void): Promise<string> => {
    const dir = bundleDir(files);
    prepare?.(dir);
    h.count.reset();
    const r = await h.deploy(dir);
    expect(r.kind).toBe("invalid");
    expect(h.count.writes()).toEqual([]);
    return errorOf(r);
  };

  it("a task path escaping the bundle root", async () => {
    const files = {
      "databricks.yml":
        "bundle:\n  name: bad\nresources:\n  jobs:\n    j:\n      tasks:\n        - task_key: t\n          spark_python_task:\n            python_file: ../../outside.py\n",
    };
    expect(await refused(files)).toMatch(/outside\.py/);
  });

  it("a symlink pointing outside the bundle root", async () => {
    const outside = mkdtempSync(join(tmpdir(), "outside-"));
    writeFileSync(join(outside, "secret.txt"), "secret");
    const msg = await refused({ "databricks.yml": "bundle:\n  name: bad\n" }, (dir) =>
      symlinkSync(join(outside, "secret.txt"), join(dir, "link.txt")),
    );
    expect(msg).toMatch(/^link\.txt resolves to .*secret\.txt, outside the bundle root/);
  });

  it("a file over the workspace file size limit", async () => {
    const msg = await refused({ "databricks.yml": "bundle:\n  name: bad\n", "model.bin": "" }, (dir) =>
      truncateSync(join(dir, "model.bin"), 500 * 1024 * 1024 + 1),
    );
    expect(msg).toBe(
      "file model.bin is 524288001 bytes, over the workspace file limit of 524288000 bytes; add it to .gitignore or sync.exclude",
    );
  });

  it("an unsupported resource type", async () => {
    const msg = await refused({
      "databricks.yml": "bundle:\n  name: bad\nresources:\n  pipelines:\n    p:\n      name: p\n",
    });
    expect(msg).toMatch(
      /resource type "pipelines" is not supported by this engine; deploy it with the Databricks CLI/,
    );
  });
});
