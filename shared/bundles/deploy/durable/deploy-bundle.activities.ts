import { BundleDeployError } from "../errors.js";
import { identityOf, lockEnabled, stateFiles } from "../layout.js";
import { planLive } from "../live-plan.js";
import { acquireLock, releaseLock } from "../lock.js";
import { permissionsApi } from "../permissions.js";
import { prepareDeploy } from "../prepare.js";
import { readRemoteState } from "../remote-state.js";
import { remoteFs } from "../remote.js";
import { resourceHandlers } from "../resources.js";
import { hashFiles } from "../snapshot.js";
import { metadataOf, parseDeployment } from "../state-files.js";
import { leafDirs, planSync } from "../sync.js";
import { createChangeActivities } from "./changes.activities.js";
import type {
  AcquireBundleLock,
  DeployBundleRequest,
  PlanBundleStep,
  ReleaseBundleLock,
  StepUser,
  ValidateBundleStep,
} from "./deploy-bundle.contracts.js";
import type { DeployBundleDeps, Fn } from "./deps.js";
import { createFileActivities } from "./files.activities.js";
import { changesOf } from "./plan-step.js";

export type { CreateJournal, DeployBundleDeps, JournalRecord, SourceSnapshots } from "./deps.js";

/**
 * The step activities of `DeployBundleSteps`. Each opens the snapshot by reference and picks the
 * target's client itself, so any worker can run any step; each is safe to run twice.
 */
export function createDeployBundleActivities(deps: DeployBundleDeps) {
  const concurrency = deps.concurrency ?? 10;
  const fsOf = (target: string) => remoteFs(deps.clientFor(target));
  const prepare = async (req: DeployBundleRequest, user?: StepUser) => {
    const { source, tree } = await deps.sources.open(req.source);
    const p = await prepareDeploy(deps.clientFor(req.target), {
      source,
      tree,
      schema: deps.schema,
      target: req.target,
      ...(req.vars === undefined ? {} : { vars: req.vars }),
      ...(req.git === undefined ? {} : { git: req.git }),
      ...(user === undefined ? {} : { user }),
    });
    return { p, source, tree };
  };
  const validate: Fn<typeof ValidateBundleStep> = async (req) => {
    const { p, tree } = await prepare(req);
    if (p.kind === "invalid")
      return {
        kind: "invalid",
        errors: p.diagnostics.filter((d) => d.severity === "error").map((d) => d.summary),
      };
    const files = hashFiles(tree, p.files).map((f) => ({
      path: f.path,
      size: f.size,
      hash: f.hash,
      remote: f.remote,
      notebook: f.notebook,
    }));
    const warnings = p.diagnostics.map((d) => d.summary);
    return { kind: "ok", layout: p.layout, lock: lockEnabled(p.config), user: p.user, files, warnings };
  };
  const lock: Fn<typeof AcquireBundleLock> = async (i) => {
    const at = { path: stateFiles(i.layout).lock, id: i.lockId, user: i.user, force: i.force };
    await acquireLock(fsOf(i.target), { ...at, now: new Date(i.now) });
    return { acquired: true };
  };
  /** Reads only, as deploy-locked.ts does before it syncs: state, refresh, ACLs, deployment.json, snapshot. */
  const plan: Fn<typeof PlanBundleStep> = async (req) => {
    const { p, source } = await prepare(req, req.user);
    if (p.kind === "invalid")
      throw new BundleDeployError("INVALID_BUNDLE", p.diagnostics.map((d) => d.summary).join("; "));
    const client = deps.clientFor(req.target);
    const fs = remoteFs(client);
    const stored = await readRemoteState(fs, req.layout);
    const live = await planLive({
      config: p.config,
      stored,
      cliVersion: deps.cliVersion,
      handlers: resourceHandlers(client),
      permissions: permissionsApi(client.rest),
      concurrency,
    });
    const previous = parseDeployment(await fs.readText(stateFiles(req.layout).deployment));
    const snapshot = await deps.snapshots(req.layout, identityOf(p.config).target).load();
    const sync = planSync(req.files, snapshot, previous?.files ?? []);
    const upload = sync.upload.map((f) => f.path);
    return {
      ...changesOf(live),
      upload,
      remove: sync.remove,
      mkdirs: [
        ...(previous === undefined ? [req.layout.artifacts] : []),
        ...(snapshot === undefined ? leafDirs(req.layout.files, upload) : []),
      ],
      ...(stored === undefined ? {} : { stored: { lineage: stored.lineage, serial: stored.serial } }),
      ...(previous === undefined ? {} : { previous: { seq: previous.seq, id: previous.id } }),
      metadata: metadataOf(p.config, source),
    };
  };
  const release: Fn<typeof ReleaseBundleLock> = async (i) => ({
    released: await releaseLock(fsOf(i.target), stateFiles(i.layout).lock, i.lockId),
  });
  return {
    validate,
    lock,
    plan,
    ...createFileActivities(deps),
    ...createChangeActivities(deps),
    release,
  };
}
