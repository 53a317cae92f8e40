import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../../local/databricks/index.js";
import { deployBundle, memorySnapshotStore, nodeTree } from "../../../shared/bundles/deploy/index.js";
import type * as C from "../../../shared/bundles/deploy/durable/deploy-bundle.contracts.js";
import { nodeSource } from "../../conformance/node-source.js";
import { emulator } from "../databricks/helpers.js";
import {
  emulatorClient,
  runSteps,
  stepActivities,
  stepFakes,
  type StepActivities,
} from "./durable-helpers.js";
import { bundleDir, schema } from "./helpers.js";

const root = "/Workspace/Users/developer@example.com/.bundle/durable/default";
const yml = (extra: string): string =>
  `bundle:\n  name: durable\nresources:\n  jobs:\n    a:\n      name: a\n      permissions:\n        - level: CAN_VIEW\n          group_name: users\n    b:\n      name: b\n      tasks:\n        - task_key: t\n          run_job_task:\n            job_id: \${resources.jobs.a.id}\n${extra}`;

describe("DeployBundleSteps sub-orchestration with the real step activities against the emulator", () => {
  let emu: RunningEmulator;
  let base: string;
  let activities: StepActivities;
  const files: Record<string, string> = {};
  for (let i = 0; i < 120; i++) files[`snap1/bundle/src/m${i}.py`] = `x = ${i}\n`;
  const request: C.DeployBundleRequest = {
    source: { snapshot: "snap1", root: "bundle" },
    target: "default",
    git: { commit: "c".repeat(40), originUrl: "https://github.com/acme/ml.git" },
  };
  const run = (instanceId = "steps-1") => runSteps(request, stepFakes(activities), instanceId);
  const client = () => emulatorClient(emu);
  beforeAll(async () => {
    emu = await emulator();
    base = bundleDir({ ...files, "snap1/bundle/databricks.yml": yml("") });
    activities = stepActivities(emu, base, `${root}/files`);
  });
  afterAll(() => emu.stop());

  it("runs one activity per step, fans out upload batches, applies permissions, reports progress", async () => {
    const r = await run();
    expect(r.error).toBeUndefined();
    const names = r.steps.map((s) => (s.kind === "activity" ? s.name : s.kind));
    expect(names).toEqual([
      ...["BundleValidateStep", "BundleAcquireLock", "BundlePlanStep", "BundleMakeFolders"],
      ...["BundleUploadFiles", "BundleUploadFiles", "BundleUploadFiles", "BundleRecordFiles"],
      ...["BundleApplyChange", "BundleApplyChange", "BundleApplyChange"],
      ...["BundleWriteState", "BundleReleaseLock"],
    ]);
    // Every step names the target, so its activity can pick the target's workspace client.
    expect(
      r.steps.every((s) => s.kind === "activity" && (s.input as { target?: string }).target === "default"),
    ).toBe(true);
    expect(r.output).toMatchObject({ kind: "deployed", uploaded: 121, deleted: 0, counts: { add: 3 } });
    const out = r.output as { applied: { node: string }[] };
    expect(out.applied.map((a) => a.node)).toEqual([
      "resources.jobs.a",
      "resources.jobs.a.permissions",
      "resources.jobs.b",
    ]);
    const state = JSON.parse(await client().workspaceFiles.downloadText(`${root}/state/resources.json`)) as {
      state: Record<string, { __id__: string }>;
    };
    const a = state.state["resources.jobs.a"]?.__id__ ?? "";
    const b = await client().jobs.get(state.state["resources.jobs.b"]?.__id__ ?? "");
    expect(b.settings?.tasks?.[0]?.run_job_task?.job_id).toBe(a);
    expect(state.state["resources.jobs.a.permissions"]?.__id__).toBe(`/jobs/${a}`);
    const acl = await client().rest.call<{ access_control_list: { group_name?: string }[] }>({
      method: "GET",
      path: `/api/2.0/permissions/jobs/${a}`,
    });
    expect(acl.access_control_list.some((e) => e.group_name === "users")).toBe(true);
    // The pushed commit is kept in bundle.git (the snapshot has no .git).
    const meta = JSON.parse(await client().workspaceFiles.downloadText(`${root}/state/metadata.json`)) as {
      config: { bundle: { git: { commit: string; origin_url: string } } };
    };
    expect(meta.config.bundle.git).toMatchObject({
      commit: "c".repeat(40),
      origin_url: "https://github.com/acme/ml.git",
    });
    expect(r.customStatus.map((s) => (s as { step: string }).step)).toEqual([
      ...["validate", "lock", "plan", "sync", "apply", "apply", "apply", "state", "unlock"],
    ]);
    await expect(client().workspace.getStatus(`${root}/state/deploy.lock`)).rejects.toMatchObject({
      status: 404,
    });
  });

  it("writes state the direct deploy path reads: an unchanged redeploy either way changes nothing", async () => {
    const again = await run("steps-2");
    expect(
      again.steps.filter(
        (s) => s.kind === "activity" && (s.name === "BundleUploadFiles" || s.name === "BundleApplyChange"),
      ),
    ).toEqual([]);
    const dir = join(base, "snap1", "bundle");
    const direct = await deployBundle(
      {
        client: client(),
        snapshots: () => memorySnapshotStore(`${root}/files`),
        now: () => new Date(),
        newId: randomUUID,
        cliVersion: "0.1.0",
      },
      { source: nodeSource(dir), tree: nodeTree(dir), schema, git: request.git ?? { commit: "" } },
    );
    expect(direct.kind === "deployed" && direct.applied).toEqual([]);
  });

  it("a change failing for good records the changes before it and still releases the lock", async () => {
    writeFileSync(
      join(base, "snap1", "bundle", "databricks.yml"),
      yml("    c:\n      name: c\n").replace("name: a\n", "name: a2\n"),
    );
    await fetch(`${emu.url}/__emulator/faults`, {
      method: "POST",
      headers: { authorization: `Bearer ${emu.token}`, "content-type": "application/json" },
      body: JSON.stringify({ path: "/api/2.2/jobs/create", status: 500, count: 100 }),
    });
    const r = await run("steps-3");
    await fetch(`${emu.url}/__emulator/faults`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${emu.token}` },
    });
    expect(r.status).toBe("failed");
    expect(r.error?.message).toContain("cannot create resources.jobs.c");
    const names = r.steps.filter((s) => s.kind === "activity").map((s) => (s as { name: string }).name);
    expect(names.slice(-3)).toEqual(["BundleApplyChange", "BundleWriteState", "BundleReleaseLock"]);
    const state = JSON.parse(await client().workspaceFiles.downloadText(`${root}/state/resources.json`)) as {
      state: Record<string, { state: { name: string } }>;
    };
    expect(state.state["resources.jobs.a"]?.state.name).toBe("a2");
    expect(state.state["resources.jobs.c"]).toBeUndefined();
    await expect(client().workspace.getStatus(`${root}/state/deploy.lock`)).rejects.toMatchObject({
      status: 404,
    });
  });
});
