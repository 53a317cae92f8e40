import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { RunningEmulator } from "../../../local/databricks/index.js";
import { memorySnapshotStore, nodeTree } from "../../../shared/bundles/deploy/index.js";
import {
  createDeployBundleActivities,
  type CreateJournal,
  type JournalRecord,
} from "../../../shared/bundles/deploy/durable/deploy-bundle.activities.js";
import * as C from "../../../shared/bundles/deploy/durable/deploy-bundle.contracts.js";
import { deployBundleOrchestrator } from "../../../shared/bundles/deploy/durable/deploy-bundle.orchestrator.js";
import { createDatabricksClient, patAuth } from "../../../shared/databricks/index.js";
import { nodeSource } from "../../conformance/node-source.js";
import { fake, runOrchestration, type FakeActivity } from "../../harness/orchestration.js";
import { schema } from "./helpers.js";

export type StepActivities = ReturnType<typeof createDeployBundleActivities>;

/** A client of the emulator; `fetch` sees every request (for request logs). */
export const emulatorClient = (emu: RunningEmulator, fetchFn: typeof fetch = fetch) =>
  createDatabricksClient({
    host: emu.url,
    auth: patAuth(emu.token),
    rateLimit: false,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    fetch: fetchFn,
  });

/** The journal in memory, as the orchestrator's storage would keep it. */
export function memoryJournal(): CreateJournal & { readonly records: Map<string, JournalRecord> } {
  const records = new Map<string, JournalRecord>();
  return {
    records,
    read: (key) => Promise.resolve(records.get(key)),
    write: (key, record) => Promise.resolve(void records.set(key, record)),
  };
}

/** The step activities over snapshot folders under `base` (`<base>/<snapshot>/<root>`), opened async. */
export function stepActivities(
  emu: RunningEmulator,
  base: string,
  filesRoot: string,
  options: { fetch?: typeof fetch; journal?: CreateJournal } = {},
): StepActivities {
  const store = memorySnapshotStore(filesRoot);
  return createDeployBundleActivities({
    clientFor: (target) => {
      if (target !== "default") throw new Error(`no workspace for ${target}`);
      return emulatorClient(emu, options.fetch);
    },
    sources: {
      open: (ref) =>
        Promise.resolve({
          source: nodeSource(join(base, ref.snapshot, ref.root)),
          tree: nodeTree(join(base, ref.snapshot, ref.root)),
        }),
    },
    schema,
    snapshots: () => store,
    journal: options.journal ?? memoryJournal(),
    newId: randomUUID,
    now: () => new Date(),
    cliVersion: "0.1.0",
  });
}

/** The fakes for every step contract, from real activities; `wrap` may replace some. */
export function stepFakes(a: StepActivities, wrap: Partial<Record<string, FakeActivity>> = {}) {
  return {
    ...fake(C.ValidateBundleStep, a.validate),
    ...fake(C.AcquireBundleLock, a.lock),
    ...fake(C.PlanBundleStep, a.plan),
    ...fake(C.MakeBundleFolders, a.makeFolders),
    ...fake(C.UploadBundleFiles, a.upload),
    ...fake(C.DeleteBundleFiles, a.remove),
    ...fake(C.RecordBundleFiles, a.recordFiles),
    ...fake(C.ApplyBundleChange, a.apply),
    ...fake(C.WriteBundleState, a.writeState),
    ...fake(C.ReleaseBundleLock, a.release),
    ...wrap,
  } as Record<string, FakeActivity>;
}

export const runSteps = (
  request: C.DeployBundleRequest,
  activities: Record<string, FakeActivity>,
  instanceId = "steps-1",
) => runOrchestration(deployBundleOrchestrator, { input: request, activities, instanceId });
