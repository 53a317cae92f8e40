import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../../local/databricks/index.js";
import { deployBundle, memorySnapshotStore, nodeTree } from "../../../shared/bundles/deploy/index.js";
import * as C from "../../../shared/bundles/deploy/durable/deploy-bundle.contracts.js";
import { recordingFetch, type Recorded } from "../../conformance/requests.js";
import { nodeSource } from "../../conformance/node-source.js";
import { fake } from "../../harness/orchestration.js";
import { emulator } from "../databricks/helpers.js";
import { emulatorClient, memoryJournal, runSteps, stepActivities, stepFakes } from "./durable-helpers.js";
import { bundleDir, schema } from "./helpers.js";

const root = "/Workspace/Users/developer@example.com/.bundle/retry/default";
const yml = `bundle:\n  name: retry\npermissions:\n  - level: CAN_VIEW\n    group_name: users\nresources:\n  jobs:\n    a:\n      name: a\n    b:\n      name: b\n      tasks:\n        - task_key: t\n          run_job_task:\n            job_id: \${resources.jobs.a.id}\n`;
const request: C.DeployBundleRequest = { source: { snapshot: "s", root: "b" }, target: "default" };
const files = { "s/b/databricks.yml": yml, "s/b/src/x.py": "x = 1\n", "s/b/src/y/z.py": "z = 2\n" };

async function jobsNamed(emu: RunningEmulator, name: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const j of emulatorClient(emu).jobs.list({ name })) ids.push(j.job_id);
  return ids;
}

describe("DeployBundleSteps: a create retried after its side effect creates nothing twice", () => {
  let emu: RunningEmulator;
  beforeAll(async () => void (emu = await emulator()));
  afterAll(() => emu.stop());

  it("the activity fails after the job was created and noted: the retry returns the noted id", async () => {
    const base = bundleDir(files);
    const a = stepActivities(emu, base, `${root}/files`);
    let crashed = false;
    const r = await runSteps(
      request,
      stepFakes(a, {
        ...fake(C.ApplyBundleChange, async (i) => {
          const out = await a.apply(i);
          if (i.change.node === "resources.jobs.a" && !crashed) {
            crashed = true;
            throw new Error("worker lost after the create");
          }
          return out;
        }),
      }),
      "retry-1",
    );
    expect(r.error).toBeUndefined();
    const applies = r.steps.filter((s) => s.kind === "activity" && s.name === "BundleApplyChange");
    expect(applies.map((s) => (s.kind === "activity" ? (s.input as C.ApplyStepIn).change.node : ""))).toEqual(
      [
        "resources.jobs.a",
        "resources.jobs.a",
        "resources.jobs.a.permissions",
        "resources.jobs.b",
        "resources.jobs.b.permissions",
      ],
    );
    expect(await jobsNamed(emu, "a")).toHaveLength(1);
  });

  it("the worker died between the create and its note: the retry finds the job by name and adopts it", async () => {
    const base = bundleDir({
      ...files,
      "s/b/databricks.yml": yml
        .replace("name: retry", "name: retry3")
        .replaceAll("name: a", "name: a3")
        .replaceAll("name: b", "name: b3"),
    });
    const journal = memoryJournal();
    let lost = false;
    const a = stepActivities(emu, base, `${root.replace("retry", "retry3")}/files`, {
      journal: {
        read: (key) => journal.read(key),
        write: (key, record) => {
          if (record.kind === "created" && !lost) {
            lost = true;
            return Promise.reject(new Error("worker died before noting the id"));
          }
          return journal.write(key, record);
        },
      },
    });
    const r = await runSteps({ ...request, source: { snapshot: "s", root: "b" } }, stepFakes(a), "retry-2");
    expect(r.error).toBeUndefined();
    const [id] = await jobsNamed(emu, "a3");
    expect(await jobsNamed(emu, "a3")).toHaveLength(1);
    expect([...journal.records.values()]).toContainEqual({ kind: "created", id });
    const b = await emulatorClient(emu).jobs.get((await jobsNamed(emu, "b3"))[0] ?? "");
    expect(b.settings?.tasks?.[0]?.run_job_task?.job_id).toBe(id);
  });
});

/** Requests comparable across two emulators: ids, times and UUIDs in bodies masked. */
const normal = (log: readonly Recorded[]): string[] =>
  log
    .map((r) => {
      const body = r.path.includes("/workspace") ? "" : JSON.stringify(r.body ?? r.raw_body ?? "");
      return `${r.method} ${r.path} ${JSON.stringify(r.q ?? {})} ${body}`.replace(/\d{10,}/g, "<id>");
    })
    .sort();

describe("DeployBundleSteps sends what the one-call engine sends", () => {
  let one: RunningEmulator;
  let two: RunningEmulator;
  beforeAll(async () => {
    [one, two] = await Promise.all([emulator(), emulator()]);
  });
  afterAll(async () => {
    await Promise.all([one.stop(), two.stop()]);
  });

  it("on a first deploy and on an unchanged redeploy (same requests, same bodies)", async () => {
    const base = bundleDir(files);
    const engineLog: Recorded[] = [];
    const stepsLog: Recorded[] = [];
    const store = memorySnapshotStore(`${root}/files`);
    const dir = join(base, "s", "b");
    const engine = () =>
      deployBundle(
        {
          client: emulatorClient(one, recordingFetch(engineLog)),
          snapshots: () => store,
          now: () => new Date(),
          newId: randomUUID,
          cliVersion: "0.1.0",
        },
        { source: nodeSource(dir), tree: nodeTree(dir), schema, target: "default" },
      );
    const a = stepActivities(two, base, `${root}/files`, { fetch: recordingFetch(stepsLog) });
    for (const [n, label] of [
      [1, "first deploy"],
      [2, "unchanged redeploy"],
    ] as const) {
      engineLog.splice(0);
      stepsLog.splice(0);
      expect((await engine()).kind, label).toBe("deployed");
      expect((await runSteps(request, stepFakes(a), `eq-${n}`)).error, label).toBeUndefined();
      expect(normal(stepsLog), label).toEqual(normal(engineLog));
    }
  });
});
