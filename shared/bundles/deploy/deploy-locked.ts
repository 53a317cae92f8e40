import { countActions, type ActionCounts } from "../plan/render.js";
import type { Plan } from "../plan/types.js";
import { applyPlan, type Applied } from "./apply.js";
import type { DeployDeps, DeployInput } from "./deploy.js";
import { BundleDeployError } from "./errors.js";
import { identityOf, stateFiles } from "./layout.js";
import type { Prepared } from "./prepare.js";
import { livePlanFromSaved, planLive } from "./live-plan.js";
import { permissionsApi } from "./permissions.js";
import { readRemoteState } from "./remote-state.js";
import type { RemoteFs } from "./remote.js";
import { resourceHandlers } from "./resources.js";
import { hashFiles, snapshotOf } from "./snapshot.js";
import { deploymentJson, metadataJson, parseDeployment, resourcesJson } from "./state-files.js";
import { planSync, runSync, type SyncResult } from "./sync.js";

/**
 * The steps of `bundle deploy` that run while the deployment lock is held: plan (remote state,
 * refreshed) → sync files → apply resources → state and metadata. Split from deploy.ts so the lock's
 * acquire/release path reads on its own; plan and files are reported through the setters as soon as
 * they are known, so a failure after them still returns them.
 */
export async function deployUnderLock(
  deps: DeployDeps,
  fs: RemoteFs,
  input: DeployInput,
  prepared: Extract<Prepared, { kind: "ok" }>,
  setPlan: (p: Plan) => void,
  setFiles: (f: SyncResult) => void,
  applied: Applied[],
): Promise<{ files: SyncResult; counts: ActionCounts }> {
  const concurrency = deps.concurrency ?? 10;
  const paths = stateFiles(prepared.layout);
  const handlers = resourceHandlers(deps.client);
  deps.onStep?.("plan", prepared.layout);
  const stored = await readRemoteState(fs, prepared.layout);
  const permissions = permissionsApi(deps.client.rest);
  const live = { stored, handlers, concurrency };
  const { plan, order, deployed } =
    input.plan === undefined
      ? await planLive({ ...live, config: prepared.config, cliVersion: deps.cliVersion, permissions })
      : await livePlanFromSaved(input.plan, live);
  setPlan(plan);
  const refusal = input.approve?.(plan);
  if (refusal !== undefined) throw new BundleDeployError("NOT_APPROVED", refusal);
  deps.onStep?.("sync", prepared.layout);
  const previous = parseDeployment(await fs.readText(paths.deployment));
  const hashed = hashFiles(input.tree, prepared.files);
  const store = deps.snapshots(prepared.layout, identityOf(prepared.config).target);
  const snapshot = await store.load();
  const syncPlan = planSync(hashed, snapshot, previous?.files ?? []);
  if (previous === undefined) await fs.mkdirs(prepared.layout.artifacts);
  const files = await runSync(fs, input.tree, prepared.layout.files, syncPlan, {
    concurrency,
    precreateDirs: snapshot === undefined,
  });
  setFiles(files);
  await store.save(snapshotOf(prepared.layout.files, hashed));
  await fs.write(
    paths.deployment,
    `${JSON.stringify(deploymentJson(previous, hashed, { id: deps.newId(), cliVersion: deps.cliVersion, now: deps.now() }))}\n`,
    true,
  );
  deps.onStep?.("apply", prepared.layout);
  const result = await applyPlan(plan, order, deployed?.state ?? {}, handlers, permissions);
  applied.push(...result.applied);
  const changedState = result.applied.length > 0 || result.error === undefined;
  if (changedState) {
    deps.onStep?.("state", prepared.layout);
    const ids = { lineage: deps.newId(), cliVersion: deps.cliVersion };
    await fs.write(paths.resources, resourcesJson(stored, result.state, ids).text, true);
    await fs.write(paths.metadata, metadataJson(prepared.config, result.state, input.source), true);
  }
  if (result.error !== undefined) throw result.error;
  return { files, counts: countActions(plan) };
}
