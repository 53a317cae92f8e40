import type { Plain } from "../../dyn.js";
import { BundleDeployError } from "../errors.js";
import { stateFiles, identityOf, lockEnabled } from "../layout.js";
import { acquireLock, releaseLock } from "../lock.js";
import { prepareDeploy, unappliedPermissions } from "../prepare.js";
import { planDeploy, readRemoteState, refreshState } from "../remote-state.js";
import { remoteFs } from "../remote.js";
import { resourceHandlers } from "../resources.js";
import { hashFiles, snapshotOf } from "../snapshot.js";
import { deploymentJson, metadataJson, parseDeployment, resourcesJson } from "../state-files.js";
import { planSync } from "../sync.js";
import { changesOf, jsonSafe } from "./changes.js";
import type {
  AcquireBundleLock,
  DeployBundleRequest,
  PlanBundleStep,
  ReleaseBundleLock,
  ValidateBundleStep,
  WriteBundleState,
} from "./deploy-bundle.contracts.js";
import { createChangeActivities } from "./changes.activities.js";
import type { DeployBundleDeps, Fn } from "./deps.js";

export type { DeployBundleDeps, SourceSnapshots } from "./deps.js";

export function createDeployBundleActivities(deps: DeployBundleDeps) {
  const fs = remoteFs(deps.client);
  const prepared = async (req: DeployBundleRequest) => {
    const { source, tree } = deps.sources.open(req.source);
    const p = await prepareDeploy(deps.client, {
      source,
      tree,
      schema: deps.schema,
      target: req.target,
      ...(req.vars === undefined ? {} : { vars: req.vars }),
    });
    if (p.kind === "invalid")
      throw new BundleDeployError("INVALID_BUNDLE", p.diagnostics.map((d) => d.summary).join("; "));
    return { p, source, tree };
  };
  const validate: Fn<typeof ValidateBundleStep> = async (req) => {
    const { source, tree } = deps.sources.open(req.source);
    const p = await prepareDeploy(deps.client, {
      source,
      tree,
      schema: deps.schema,
      target: req.target,
      ...(req.vars === undefined ? {} : { vars: req.vars }),
    });
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
    return {
      kind: "ok",
      layout: p.layout,
      lock: lockEnabled(p.config),
      user: p.user.userName,
      files,
      warnings: [...p.diagnostics, ...unappliedPermissions(p.config)].map((d) => d.summary),
    };
  };
  const lock: Fn<typeof AcquireBundleLock> = async (i) => {
    await acquireLock(fs, {
      path: stateFiles(i.layout).lock,
      id: i.lockId,
      user: i.user,
      now: new Date(i.now),
      force: i.force,
    });
    return { acquired: true };
  };
  const plan: Fn<typeof PlanBundleStep> = async (req) => {
    const { p } = await prepared(req);
    const deployed = await refreshState(
      await readRemoteState(fs, req.layout),
      resourceHandlers(deps.client),
      10,
    );
    const planned = planDeploy(p.config, deployed, deps.cliVersion);
    const previous = parseDeployment(await fs.readText(stateFiles(req.layout).deployment));
    const sync = planSync(
      req.files,
      await deps.snapshots(req.layout, req.target).load(),
      previous?.files ?? [],
    );
    const kept = Object.fromEntries(
      Object.entries(deployed?.state ?? {}).map(([k, e]) => [
        k,
        { __id__: e.__id__, state: jsonSafe(e.state) },
      ]),
    );
    return {
      ...changesOf(planned, deployed?.state ?? {}),
      upload: sync.upload.map((f) => f.path),
      remove: sync.remove,
      kept,
    };
  };
  const writeState: Fn<typeof WriteBundleState> = async (i) => {
    const { p, source } = await prepared(i);
    const paths = stateFiles(i.layout);
    const stored = await readRemoteState(fs, i.layout);
    const state = Object.fromEntries(
      Object.entries(i.state).map(([k, e]) => [
        k,
        {
          __id__: e.__id__,
          state: e.state as Plain,
          ...(e.depends_on === undefined ? {} : { depends_on: [...e.depends_on] }),
        },
      ]),
    );
    const written = resourcesJson(stored, state, { lineage: deps.newId(), cliVersion: deps.cliVersion });
    const files = i.files.map((f) => ({ ...f }));
    const previous = parseDeployment(await fs.readText(paths.deployment));
    await fs.write(
      paths.deployment,
      `${JSON.stringify(deploymentJson(previous, files, { id: deps.newId(), cliVersion: deps.cliVersion, now: deps.now() }))}\n`,
      true,
    );
    await fs.write(paths.resources, written.text, true);
    await fs.write(paths.metadata, metadataJson(p.config, state, source), true);
    await deps.snapshots(i.layout, identityOf(p.config).target).save(snapshotOf(i.layout.files, files));
    return { serial: written.serial };
  };
  const release: Fn<typeof ReleaseBundleLock> = async (i) => ({
    released: await releaseLock(fs, stateFiles(i.layout).lock, i.lockId),
  });
  return { validate, lock, plan, ...createChangeActivities(deps), writeState, release };
}
