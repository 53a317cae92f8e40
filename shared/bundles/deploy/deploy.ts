import type { DatabricksClient } from "../../databricks/index.js";
import { countActions, type ActionCounts } from "../plan/render.js";
import type { Plan } from "../plan/types.js";
import { applyPlan, type Applied } from "./apply.js";
import type { LocalTree } from "./fileset.js";
import { identityOf, lockEnabled, stateFiles, type Layout } from "./layout.js";
import { acquireLock, releaseLock } from "./lock.js";
import { prepareDeploy, type Prepared, type PrepareInput } from "./prepare.js";
import { BundleDeployError } from "./errors.js";
import { planDeploy, readRemoteState, refreshState, savedPlan } from "./remote-state.js";
import { remoteFs, type RemoteFs } from "./remote.js";
import { resourceHandlers } from "./resources.js";
import { hashFiles, snapshotOf, type SnapshotStore } from "./snapshot.js";
import { deploymentJson, metadataJson, parseDeployment, resourcesJson } from "./state-files.js";
import { planSync, runSync, type SyncResult } from "./sync.js";

export type DeployClient = Pick<DatabricksClient, "scim" | "workspace" | "workspaceFiles" | "jobs" | "rest">;

export interface DeployDeps {
  readonly client: DeployClient;
  /** The sync snapshot of a target's `files/` folder (known once the config is resolved). */
  readonly snapshots: (layout: Layout, target: string) => SnapshotStore;
  readonly now: () => Date;
  readonly newId: () => string;
  readonly cliVersion: string;
  /** Uploads and remote reads in flight (default 10). */
  readonly concurrency?: number;
  /** Named steps as they start (the layout is known from `lock` on). */
  readonly onStep?: (step: DeployStep, layout?: Layout) => void;
}

export type DeployStep = "validate" | "lock" | "plan" | "sync" | "apply" | "state" | "unlock";

export interface DeployInput extends PrepareInput {
  readonly tree: LocalTree;
  readonly forceLock?: boolean;
  /** A plan saved by `plan -o json` (`deploy --plan`); refused when the state moved on since. */
  readonly plan?: Plan;
  /** Asked before anything is synced; a message means "not approved" (deletes without --auto-approve). */
  readonly approve?: (plan: Plan) => string | undefined;
}

export type DeployResult =
  | { readonly kind: "invalid"; readonly prepared: Extract<Prepared, { kind: "invalid" }> }
  | {
      readonly kind: "deployed" | "failed";
      readonly prepared: Extract<Prepared, { kind: "ok" }>;
      readonly plan?: Plan;
      readonly files?: SyncResult;
      readonly applied: readonly Applied[];
      readonly counts?: ActionCounts;
      readonly error?: Error;
    };

/**
 * `bundle deploy` as named steps: validate → lock → plan (remote state, refreshed) → sync files →
 * apply resources → state and metadata → unlock. Nothing is written before validation passes; the
 * lock is released on every path; a failed apply records what did succeed and nothing else.
 */
export async function deployBundle(deps: DeployDeps, input: DeployInput): Promise<DeployResult> {
  deps.onStep?.("validate");
  const prepared = await prepareDeploy(deps.client, input);
  if (prepared.kind === "invalid") return { kind: "invalid", prepared };
  const fs = remoteFs(deps.client);
  const paths = stateFiles(prepared.layout);
  const lockId = deps.newId();
  const locking = lockEnabled(prepared.config);
  const applied: Applied[] = [];
  let plan: Plan | undefined;
  let files: SyncResult | undefined;
  try {
    deps.onStep?.("lock", prepared.layout);
    if (locking)
      await acquireLock(fs, {
        path: paths.lock,
        id: lockId,
        user: prepared.user.userName,
        now: deps.now(),
        force: input.forceLock === true,
      });
    const outcome = await locked(
      deps,
      fs,
      input,
      prepared,
      (p) => (plan = p),
      (f) => (files = f),
      applied,
    );
    return {
      kind: "deployed",
      prepared,
      ...(plan === undefined ? {} : { plan }),
      files: outcome.files,
      applied,
      counts: outcome.counts,
    };
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    return {
      kind: "failed",
      prepared,
      ...(plan === undefined ? {} : { plan }),
      ...(files === undefined ? {} : { files }),
      applied,
      error,
    };
  } finally {
    deps.onStep?.("unlock", prepared.layout);
    if (locking) await releaseLock(fs, paths.lock, lockId).catch(() => undefined);
  }
}

async function locked(
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
  const deployed = await refreshState(stored, handlers, concurrency);
  const { plan, order } =
    input.plan === undefined
      ? planDeploy(prepared.config, deployed, deps.cliVersion)
      : savedPlan(input.plan, stored);
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
  const result = await applyPlan(plan, order, deployed?.state ?? {}, handlers);
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
