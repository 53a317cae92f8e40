import { join } from "node:path";
import { nodeSource } from "../../bundles/cli/node-source.js";
import {
  deployBundle,
  nodeTree,
  planDeploy,
  prepareDeploy,
  readRemoteState,
  refreshState,
  remoteFs,
  resourceHandlers,
  type DeployClient,
  type Layout,
  type SnapshotStore as SyncSnapshotStore,
} from "../../bundles/deploy/index.js";
import { countActions } from "../../bundles/plan/render.js";
import { annotationsFromDiagnostics } from "../../github/report/annotations.js";
import type { PreparedSchema } from "../../bundles/schema.js";
import type { Logger } from "../../runtime/logger.js";
import type { PlannedDeploy } from "./deploy-commit.contracts.js";
import type { DeployBundleInput, DeployBundleOutcome } from "./deploy.contracts.js";
import type { SnapshotStore } from "./source.activities.js";

export interface BundleDeployDeps {
  /** The Databricks client of a bundle target (DATABRICKS_WORKSPACES). */
  readonly clientFor: (target: string) => DeployClient;
  /** The sync snapshot of a target's `files/` folder, kept in storage between deploys. */
  readonly syncSnapshots: (target: string, layout: Layout) => SyncSnapshotStore;
  readonly sources: SnapshotStore;
  readonly schema: PreparedSchema;
  readonly now: () => Date;
  readonly newId: () => string;
  readonly cliVersion: string;
  readonly log: Logger;
}

type Diagnostics = Parameters<typeof annotationsFromDiagnostics>[0];

/** An invalid bundle as an outcome: the errors, and those with a YAML location as check run annotations. */
const invalid = (diagnostics: Diagnostics, root: string) => ({
  kind: "invalid" as const,
  message: diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => d.summary)
    .join("; "),
  annotations: annotationsFromDiagnostics(diagnostics, root),
});

/**
 * PlanBundleDeploy and DeployBundle over the bundle engine, one activity each (ADR 0022): the commit's
 * snapshot is re-opened on whichever worker runs them, and the target picks the workspace client.
 */
export function createBundleDeployActivities(deps: BundleDeployDeps) {
  async function open(input: DeployBundleInput) {
    const dir = join(await deps.sources.open(input.snapshot), input.root);
    return {
      source: nodeSource(dir),
      tree: nodeTree(dir),
      schema: deps.schema,
      target: input.target,
      // The tarball has no .git: the commit comes from the request, so metadata.json and lineage name it.
      git: { commit: input.sha, originUrl: `https://github.com/${input.repository}.git` },
    };
  }
  return {
    /** Reads only: validation and the plan against the deployed (refreshed) state, for the in_progress report. */
    async planBundleDeploy(input: DeployBundleInput): Promise<PlannedDeploy> {
      const client = deps.clientFor(input.target);
      const prepared = await prepareDeploy(client, await open(input));
      if (prepared.kind === "invalid") return invalid(prepared.diagnostics, input.root);
      const stored = await readRemoteState(remoteFs(client), prepared.layout);
      const deployed = await refreshState(stored, resourceHandlers(client), 10);
      const {
        add,
        change,
        delete: del,
      } = countActions(planDeploy(prepared.config, deployed, deps.cliVersion).plan);
      return { kind: "planned", counts: { add, change, delete: del } };
    },
    /** `bundle deploy` of the snapshot's bundle; a second run of the same commit plans no change. */
    async deployBundle(input: DeployBundleInput): Promise<DeployBundleOutcome> {
      const result = await deployBundle(
        {
          client: deps.clientFor(input.target),
          snapshots: (layout) => deps.syncSnapshots(input.target, layout),
          now: deps.now,
          newId: deps.newId,
          cliVersion: deps.cliVersion,
        },
        await open(input),
      );
      const fields = {
        target: input.target,
        bundle: input.bundle,
        sha: input.sha,
        deliveryId: input.deliveryId,
      };
      if (result.kind === "invalid") {
        deps.log.warn("bundle invalid", fields);
        return invalid(result.prepared.diagnostics, input.root);
      }
      if (result.kind === "failed") {
        deps.log.warn("bundle deploy failed", { ...fields, error: result.error?.message });
        return { kind: "failed", message: result.error?.message ?? "the deploy failed" };
      }
      const counts = result.counts ?? { add: 0, change: 0, delete: 0 };
      deps.log.info("bundle deployed", { ...fields, applied: result.applied.length });
      return { kind: "deployed", counts: { add: counts.add, change: counts.change, delete: counts.delete } };
    },
  };
}
