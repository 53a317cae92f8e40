import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleDir, errorOf, harness, writeFiles, type Harness } from "./helpers.js";

const user = "developer@example.com";
const root = `/Workspace/Users/${user}/.bundle/demo/default`;

const yml = (extra = ""): string => `bundle:
  name: demo
resources:
  jobs:
    upstream:
      name: upstream
      tasks:
        - task_key: main
          spark_python_task:
            python_file: ./src/main.py
    downstream:
      name: downstream
      tasks:
        - task_key: call
          run_job_task:
            job_id: \${resources.jobs.upstream.id}
${extra}`;

describe("bundle deploy against the emulator", () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await harness();
    dir = bundleDir({
      "databricks.yml": yml(),
      "src/main.py": "print('hi')\n",
      "src/util.py": "X = 1\n",
      ".gitignore": "*.log\n",
      "debug.log": "noise",
    });
  });
  afterAll(() => h.emu.stop());

  it("first deploy: CLI layout, state, metadata, annotated jobs with resolved references", async () => {
    const r = await h.deploy(dir);
    expect(errorOf(r)).toBe("");
    expect(r.kind).toBe("deployed");
    if (r.kind !== "deployed") return;
    expect(r.files).toMatchObject({ uploaded: 4, deleted: 0 });
    const names = (await h.client.workspace.list(root)).map((o) => (o.path ?? "").split("/").pop()).sort();
    expect(names).toEqual(["artifacts", "files", "state"]);
    const files = (await h.client.workspace.list(`${root}/files`))
      .map((o) => (o.path ?? "").split("/").pop())
      .sort();
    expect(files).toEqual([".gitignore", "databricks.yml", "src"]);
    const state = JSON.parse(await h.client.workspaceFiles.downloadText(`${root}/state/resources.json`)) as {
      serial: number;
      lineage: string;
      state: Record<string, { __id__: string }>;
    };
    expect(state.serial).toBe(1);
    expect(state.lineage).toMatch(/^[0-9a-f-]{36}$/);
    const up = state.state["resources.jobs.upstream"]?.__id__ ?? "";
    const down = await h.client.jobs.get(state.state["resources.jobs.downstream"]?.__id__ ?? "");
    expect(down.settings?.tasks?.[0]?.run_job_task?.job_id).toBe(up);
    expect(down.settings).toMatchObject({
      edit_mode: "UI_LOCKED",
      format: "MULTI_TASK",
      deployment: { kind: "BUNDLE", metadata_file_path: `${root}/state/metadata.json` },
    });
    const upJob = await h.client.jobs.get(up);
    expect(
      (upJob.settings?.tasks?.[0]?.spark_python_task as { python_file?: string } | undefined)?.python_file,
    ).toBe(`${root}/files/src/main.py`);
    const meta = JSON.parse(await h.client.workspaceFiles.downloadText(`${root}/state/metadata.json`)) as {
      config: { resources: { jobs: Record<string, { id: string; relative_path: string }> } };
    };
    expect(meta.config.resources.jobs["upstream"]).toEqual({ id: up, relative_path: "databricks.yml" });
    const deployment = JSON.parse(
      await h.client.workspaceFiles.downloadText(`${root}/state/deployment.json`),
    ) as { seq: number; files: { local_path: string }[] };
    expect(deployment.seq).toBe(1);
    expect(deployment.files.map((f) => f.local_path)).toEqual([
      ".gitignore",
      "databricks.yml",
      "src/main.py",
      "src/util.py",
    ]);
    await expect(h.client.workspace.getStatus(`${root}/state/deploy.lock`)).rejects.toMatchObject({
      status: 404,
    });
  });

  it("unchanged redeploy writes only the lock and the state files; plan has nothing to do", async () => {
    h.count.reset();
    const r = await h.deploy(dir);
    expect(r.kind).toBe("deployed");
    if (r.kind !== "deployed") return;
    expect(r.files).toMatchObject({ uploaded: 0, deleted: 0 });
    expect(Object.values(r.plan?.plan ?? {}).map((e) => e.action)).toEqual(["skip", "skip"]);
    expect(r.applied).toEqual([]);
    expect(h.count.writes().sort()).toEqual([
      `POST /api/2.0/workspace-files/import-file/${root.slice(1)}/state/deploy.lock`,
      `POST /api/2.0/workspace-files/import-file/${root.slice(1)}/state/deployment.json`,
      `POST /api/2.0/workspace-files/import-file/${root.slice(1)}/state/metadata.json`,
      `POST /api/2.0/workspace-files/import-file/${root.slice(1)}/state/resources.json`,
      "POST /api/2.0/workspace/delete",
    ]);
  });

  it("one changed file uploads one file, a removed file is deleted remotely", async () => {
    writeFileSync(join(dir, "src/main.py"), "print('changed')\n");
    rmSync(join(dir, "src/util.py"));
    h.count.reset();
    const r = await h.deploy(dir);
    expect(r.kind === "deployed" && r.files).toMatchObject({ uploaded: 1, deleted: 1 });
    expect(h.count.calls.filter((c) => c.includes("/files/"))).toEqual([
      `POST /api/2.0/workspace-files/import-file/${root.slice(1)}/files/src/main.py`,
    ]);
    // The lock release and the removed file.
    expect(h.count.calls.filter((c) => c === "POST /api/2.0/workspace/delete")).toHaveLength(2);
    await expect(h.client.workspace.getStatus(`${root}/files/src/util.py`)).rejects.toMatchObject({
      status: 404,
    });
  });

  it("a job deleted out of band is created again", async () => {
    const before = JSON.parse(await h.client.workspaceFiles.downloadText(`${root}/state/resources.json`)) as {
      state: Record<string, { __id__: string }>;
    };
    const old = before.state["resources.jobs.upstream"]?.__id__ ?? "";
    await h.client.jobs.delete(old);
    const r = await h.deploy(dir);
    expect(r.kind === "deployed" && r.applied).toEqual([
      { node: "resources.jobs.upstream", action: "create" },
      { node: "resources.jobs.downstream", action: "update" },
    ]);
    const after = JSON.parse(await h.client.workspaceFiles.downloadText(`${root}/state/resources.json`)) as {
      state: Record<string, { __id__: string }>;
    };
    const fresh = after.state["resources.jobs.upstream"]?.__id__ ?? "";
    expect(fresh).not.toBe(old);
    const down = await h.client.jobs.get(after.state["resources.jobs.downstream"]?.__id__ ?? "");
    expect(down.settings?.tasks?.[0]?.run_job_task?.job_id).toBe(fresh);
  });

  it("destroy removes the jobs and the root folder", async () => {
    const state = JSON.parse(await h.client.workspaceFiles.downloadText(`${root}/state/resources.json`)) as {
      state: Record<string, { __id__: string }>;
    };
    const r = await h.destroy(dir);
    expect(errorOf(r)).toBe("");
    expect(r.kind === "destroyed" && [...r.deleted].sort()).toEqual([
      "resources.jobs.downstream",
      "resources.jobs.upstream",
    ]);
    for (const e of Object.values(state.state))
      await expect(h.client.jobs.get(e.__id__)).rejects.toMatchObject({ status: 404 });
    await expect(h.client.workspace.getStatus(root)).rejects.toMatchObject({ status: 404 });
    const jobs = [];
    for await (const j of h.client.jobs.list()) jobs.push(j);
    expect(jobs).toEqual([]);
  });

  it("sync include brings back an ignored file and exclude drops one", async () => {
    writeFiles(dir, { "databricks.yml": yml("sync:\n  include: ['*.log']\n  exclude: ['src/**']\n") });
    const r = await h.deploy(dir);
    expect(errorOf(r)).toBe("");
    const files = (await h.client.workspace.list(`${root}/files`))
      .map((o) => (o.path ?? "").split("/").pop())
      .sort();
    expect(files).toEqual([".gitignore", "databricks.yml", "debug.log"]);
    await h.destroy(dir);
  });
});
