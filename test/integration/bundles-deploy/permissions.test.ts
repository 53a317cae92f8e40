import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../../local/databricks/index.js";
import { type MlflowServer, startMlflow } from "../../../local/mlflow/server.js";
import {
  deployBundle,
  destroyBundle,
  fileSnapshotStore,
  nodeTree,
  type DeployDeps,
} from "../../../shared/bundles/deploy/index.js";
import { createDatabricksClient, patAuth, type DatabricksClient } from "../../../shared/databricks/index.js";
import { nodeSource } from "../../conformance/node-source.js";
import { clientFor, emulator } from "../databricks/helpers.js";
import { mlflowMissing } from "../databricks/mlflow-stack.js";
import { bundleDir, counter, schema } from "./helpers.js";

const user = "developer@example.com";

const TOP = `permissions:
  - level: CAN_VIEW
    group_name: viewers
  - level: CAN_RUN
    user_name: runner@example.com
`;
const JOB = `      permissions:
        - level: CAN_MANAGE
          group_name: admins-of-job
`;

const yml = (o: { top?: boolean; job?: boolean; readerLevel?: string } = {}): string => `bundle:
  name: perms
${o.top === false ? "" : TOP}resources:
  jobs:
    job:
      name: job
${o.job === false ? "" : JOB}  models:
    model:
      name: perm-model
      permissions:
        - level: ${o.readerLevel ?? "CAN_READ"}
          user_name: reader@example.com
`;

interface Acl {
  access_control_list: {
    user_name?: string;
    group_name?: string;
    all_permissions: { permission_level: string; inherited: boolean }[];
  }[];
}
const direct = (acl: Acl): string[] =>
  acl.access_control_list
    .filter((e) => !e.all_permissions.some((p) => p.inherited))
    .map((e) => `${e.user_name ?? e.group_name ?? ""}:${e.all_permissions[0]?.permission_level ?? ""}`);

describe.skipIf(mlflowMissing() !== undefined)("bundle permissions on deploy (emulator + MLflow)", () => {
  let mlflow: MlflowServer;
  let emu: RunningEmulator;
  let client: DatabricksClient;
  let deps: DeployDeps;
  let dir: string;
  const count = counter();
  const dataDir = mkdtempSync(join(tmpdir(), "perm-mlflow-"));
  beforeAll(async () => {
    mlflow = await startMlflow({ dataDir });
    emu = await emulator({ mlflowUrl: mlflow.url, user });
    client = clientFor(emu);
    dir = bundleDir({ "databricks.yml": yml(), ".gitignore": "*\n" });
    deps = {
      client: createDatabricksClient({
        host: emu.url,
        auth: patAuth(emu.token),
        rateLimit: false,
        fetch: count.fetch,
      }),
      snapshots: (l, t) => fileSnapshotStore(dir, t, emu.url, l.files),
      now: () => new Date(),
      newId: randomUUID,
      cliVersion: "0.0.0-test",
    };
  }, 120_000);
  afterAll(async () => {
    await emu?.stop();
    await mlflow?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const input = () => ({ source: nodeSource(dir), tree: nodeTree(dir), schema });
  const acl = (path: string) => client.rest.call<Acl>({ method: "GET", path: `/api/2.0/permissions${path}` });

  it("PUTs each resource's ACL (top-level permissions translated, deploying user kept), then nothing on redeploy", async () => {
    const r = await deployBundle(deps, input());
    expect(r.kind === "failed" ? r.error?.message : r.kind).toBe("deployed");
    if (r.kind !== "deployed") return;
    expect(r.prepared.diagnostics).toEqual([]);
    expect(r.applied.map((a) => `${a.action} ${a.node}`).sort()).toEqual([
      "create resources.jobs.job",
      "create resources.jobs.job.permissions",
      "create resources.models.model",
      "create resources.models.model.permissions",
    ]);
    const state = JSON.parse(
      await client.workspaceFiles.downloadText(
        `/Workspace/Users/${user}/.bundle/perms/default/state/resources.json`,
      ),
    ) as { state: Record<string, { __id__: string; state: { object_id: string } }> };
    const jobId = state.state["resources.jobs.job"]?.__id__ ?? "";
    expect(state.state["resources.jobs.job.permissions"]?.__id__).toBe(`/jobs/${jobId}`);
    expect(direct(await acl(`/jobs/${jobId}`))).toEqual([
      "admins-of-job:CAN_MANAGE",
      "viewers:CAN_VIEW",
      "runner@example.com:CAN_MANAGE_RUN",
      `${user}:IS_OWNER`,
    ]);
    const modelObject = state.state["resources.models.model.permissions"]?.__id__ ?? "";
    expect(modelObject).toMatch(/^\/registered-models\/[0-9a-f]{32}$/);
    expect(direct(await acl(modelObject))).toEqual([
      "reader@example.com:CAN_READ",
      "viewers:CAN_READ", // CAN_RUN has no model level: runner gets nothing (apply_bundle_permissions.go)
      `${user}:CAN_MANAGE`,
    ]);

    count.reset();
    const again = await deployBundle(deps, input());
    expect(again.kind === "deployed" && again.applied).toEqual([]);
    expect(count.calls.filter((c) => c.startsWith("PUT "))).toEqual([]);
  });

  it("a changed ACL is PUT again in full; a removed permissions block leaves the ACL alone", async () => {
    writeFileSync(join(dir, "databricks.yml"), yml({ readerLevel: "CAN_EDIT" }));
    count.reset();
    const r = await deployBundle(deps, input());
    expect(r.kind === "deployed" && r.applied).toEqual([
      { node: "resources.models.model.permissions", action: "update" },
    ]);
    expect(count.calls.filter((c) => c.startsWith("PUT "))).toHaveLength(1);

    writeFileSync(join(dir, "databricks.yml"), yml({ top: false, job: false, readerLevel: "CAN_EDIT" }));
    count.reset();
    const removed = await deployBundle(deps, input());
    expect(removed.kind === "deployed" && removed.applied).toContainEqual({
      node: "resources.jobs.job.permissions",
      action: "delete",
    });
    expect(count.calls.filter((c) => c.startsWith("PUT ") && c.includes("/jobs/"))).toEqual([]);
  });

  it("destroy deletes the resources; their ACLs need no call of their own", async () => {
    count.reset();
    const r = await destroyBundle(deps, input());
    expect(r.kind).toBe("destroyed");
    expect(count.calls.filter((c) => c.includes("/permissions/"))).toEqual([]);
  });
});
