import { join } from "node:path";
import { nodeSource } from "../../bundles/cli/node-source.js";
import type { LakeFiles, LakeLocation } from "../../lake/store.js";
import { loadBundleSidecars } from "../config/files.js";
import { resolveDeployment, type DeploymentClient } from "./deployment.js";
import { lineagePath } from "./lineage.js";
import type {
  AliasedVersion,
  DeploymentResult,
  FindRegisteredInput,
  FindTrainRunInput,
  ModelRef,
  ResolveDeploymentInput,
  ResolvePlanResult,
  RunMetrics,
  WriteLineageInput,
} from "./pipeline.contracts.js";
import type { PartitionKey } from "../landing/debounce.js";
import { planFor } from "./plan.js";
import {
  findAliasedVersion,
  findRegisteredVersion,
  findTrainRun,
  readRunMetrics,
  type RunsClient,
} from "./runs.js";

export interface PipelineActivityDeps {
  /** Folder holding bundles/<name>/{databricks.yml,orchestrator.yml}: the app's own copy of the bundles. */
  readonly bundlesDir: string;
  readonly workspaceFor: (target: string) => DeploymentClient & RunsClient;
  readonly lakeAt: (location: LakeLocation) => Pick<LakeFiles, "write">;
  /** Whether run-event callbacks are configured; recorded in the plan so replays see the same answer. */
  readonly callbacks?: boolean;
}

/** Side effects of trainEvaluateRegister; all read-only except WriteLineage, which overwrites one file. */
export function createPipelineActivities(deps: PipelineActivityDeps) {
  return {
    resolvePipelinePlan: (input: { key: PartitionKey }): ResolvePlanResult => {
      const resolved = planFor(loadBundleSidecars(deps.bundlesDir), input.key);
      return resolved.kind === "ok" && deps.callbacks === true
        ? { ...resolved, plan: { ...resolved.plan, callbacks: true } }
        : resolved;
    },
    resolveDeployment: (input: ResolveDeploymentInput): Promise<DeploymentResult> =>
      resolveDeployment(
        deps.workspaceFor(input.target),
        nodeSource(join(deps.bundlesDir, input.bundle)),
        input,
      ),
    findTrainRun: (input: FindTrainRunInput): Promise<RunMetrics | null> =>
      findTrainRun(deps.workspaceFor(input.target), input),
    readRunMetrics: (input: { target: string; runId: string }): Promise<RunMetrics> =>
      readRunMetrics(deps.workspaceFor(input.target), input.runId),
    findAliasedVersion: (input: ModelRef): Promise<AliasedVersion | null> =>
      findAliasedVersion(deps.workspaceFor(input.target), input),
    findRegisteredVersion: (input: FindRegisteredInput): Promise<{ version: string } | null> =>
      findRegisteredVersion(deps.workspaceFor(input.target), input),
    writeLineage: async (input: WriteLineageInput): Promise<{ path: string }> => {
      const path = lineagePath(input.instanceId);
      const files = deps.lakeAt({ account: input.key.account, filesystem: input.key.filesystem });
      await files.write(path, `${JSON.stringify(input.manifest, null, 2)}\n`, "application/json");
      return { path };
    },
  };
}
