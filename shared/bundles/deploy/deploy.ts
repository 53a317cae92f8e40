import type { DatabricksClient } from "../../databricks/index.js";
import type { ActionCounts } from "../plan/render.js";
import type { Plan } from "../plan/types.js";
import type { Applied } from "./apply.js";
import { deployUnderLock } from "./deploy-locked.js";
import type { LocalTree } from "./fileset.js";
import { lockEnabled, stateFiles, type Layout } from "./layout.js";
import { acquireLock, releaseLock } from "./lock.js";
import { prepareDeploy, type Prepared, type PrepareInput } from "./prepare.js";
import { remoteFs } from "./remote.js";
import type { SnapshotStore } from "./snapshot.js";
import type { SyncResult } from "./sync.js";

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
    const outcome = await deployUnderLock(
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
