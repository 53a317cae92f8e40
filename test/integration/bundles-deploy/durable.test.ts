import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../../local/databricks/index.js";
import { deployBundle, memorySnapshotStore, nodeTree } from "../../../shared/bundles/deploy/index.js";
import { createDeployBundleActivities } from "../../../shared/bundles/deploy/durable/deploy-bundle.activities.js";
import * as C from "../../../shared/bundles/deploy/durable/deploy-bundle.contracts.js";
import { deployBundleOrchestrator } from "../../../shared/bundles/deploy/durable/deploy-bundle.orchestrator.js";
import { createDatabricksClient, patAuth } from "../../../shared/databricks/index.js";
import { fake, runOrchestration } from "../../harness/orchestration.js";
import { nodeSource } from "../../conformance/node-source.js";
import { emulator } from "../databricks/helpers.js";
import { bundleDir, schema } from "./helpers.js";

const root = "/Workspace/Users/developer@example.com/.bundle/durable/default";
const yml = (extra: string): string =>
  `bundle:\n  name: durable\nresources:\n  jobs:\n    a:\n      name: a\n    b:\n      name: b\n      tasks:\n        - task_key: t\n          run_job_task:\n            job_id: \${resources.jobs.a.id}\n${extra}`;

describe("DeployBundleSteps sub-orchestration with the real step activities against the emulator", () => {
  let emu: RunningEmulator;
  let base: string;
  const store = memorySnapshotStore(`${root}/files`);
  let activities: ReturnType<typeof createDeployBundleActivities>;
  const files: Record<string, string> = {};
  for (let i = 0; i < 120; i++) files[`snap1/bundle/src/m${i}.py`] = `x = ${i}\n`;
  const request: C.DeployBundleRequest = { source: { snapshot: "snap1", root: "bundle" }, target: "default" };
  const run = () =>
    runOrchestration(deployBundleOrchestrator, {
      input: request,
      activities: {
        ...fake(C.ValidateBundleStep, activities.validate),
        ...fake(C.AcquireBundleLock, activities.lock),
        ...fake(C.PlanBundleStep, activities.plan),
        ...fake(C.UploadBundleFiles, activities.upload),
        ...fake(C.DeleteBundleFiles, activities.remove),
        ...fake(C.ApplyBundleChange, activities.apply),
        ...fake(C.WriteBundleState, activities.writeState),
        ...fake(C.ReleaseBundleLock, activities.release),
      },
    });
  const client = () =>
    createDatabricksClient({
      host: emu.url,
      auth: patAuth(emu.token),
      rateLimit: false,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
  beforeAll(async () => {
    emu = await emulator();
    base = bundleDir({ ...files, "snap1/bundle/databricks.yml": yml("") });
    activities = createDeployBundleActivities({
      client: client(),
      sources: {
        open: (ref) => ({
          source: nodeSource(join(base, ref.snapshot, ref.root)),
          tree: nodeTree(join(base, ref.snapshot, ref.root)),
        }),
      },
      schema,
      snapshots: () => store,
      newId: randomUUID,
      now: () => new Date(),
      cliVersion: "0.1.0",
    });
  });
  afterAll(() => emu.stop());

  it("runs one activity per step, fans out upload batches, resolves the job reference, reports progress", async () => {
    const r = await run();
    expect(r.error).toBeUndefined();
    expect(r.status).toBe("completed");
    const names = r.steps.map((s) => (s.kind === "activity" ? s.name : s.kind));
    expect(names).toEqual([
      "BundleValidateStep",
      "BundleAcquireLock",
      "BundlePlanStep",
      "BundleUploadFiles",
      "BundleUploadFiles",
      "BundleUploadFiles",
      "BundleApplyChange",
      "BundleApplyChange",
      "BundleWriteState",
      "BundleReleaseLock",
    ]);
    expect(r.output).toMatchObject({ kind: "deployed", uploaded: 121, deleted: 0 });
    const out = r.output as { applied: { node: string; id: string }[] };
    expect(out.applied.map((a) => a.node)).toEqual(["resources.jobs.a", "resources.jobs.b"]);
    const b = await client().jobs.get(out.applied[1]?.id ?? "");
    expect(b.settings?.tasks?.[0]?.run_job_task?.job_id).toBe(out.applied[0]?.id);
    expect(r.customStatus.map((s) => (s as { step: string }).step)).toEqual([
      "validate",
      "lock",
      "plan",
      "sync",
      "apply",
      "apply",
      "state",
      "unlock",
    ]);
    await expect(client().workspace.getStatus(`${root}/state/deploy.lock`)).rejects.toMatchObject({
      status: 404,
    });
  });

  it("writes state the direct deploy path reads: an unchanged redeploy either way changes nothing", async () => {
    const again = await run();
    expect(
      again.steps.filter(
        (s) => s.kind === "activity" && (s.name === "BundleUploadFiles" || s.name === "BundleApplyChange"),
      ),
    ).toEqual([]);
    const dir = join(base, "snap1", "bundle");
    const direct = await deployBundle(
      {
        client: client(),
        snapshots: () => store,
        now: () => new Date(),
        newId: randomUUID,
        cliVersion: "0.1.0",
      },
      { source: nodeSource(dir), tree: nodeTree(dir), schema },
    );
    expect(direct.kind === "deployed" && { applied: direct.applied, files: direct.files }).toEqual({
      applied: [],
      files: { uploaded: 0, deleted: 0, bytes: 0 },
    });
  });

  it("a failing change records the changes before it and still releases the lock", async () => {
    writeFileSync(
      join(base, "snap1", "bundle", "databricks.yml"),
      yml("    c:\n      name: c\n").replace("name: a\n", "name: a2\n"),
    );
    await fetch(`${emu.url}/__emulator/faults`, {
      method: "POST",
      headers: { authorization: `Bearer ${emu.token}`, "content-type": "application/json" },
      body: JSON.stringify({ path: "/api/2.2/jobs/create", status: 500, count: 1 }),
    });
    const r = await run();
    expect(r.status).toBe("failed");
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
