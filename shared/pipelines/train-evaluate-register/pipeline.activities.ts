import { join } from "node:path";
import { nodeSource } from "../../bundles/cli/node-source.js";
import { UpstreamError } from "../../errors/taxonomy.js";
import type { LakeFiles, LakeLocation } from "../../lake/store.js";
import { loadBundleSidecars } from "../config/files.js";
import type { PartitionKey } from "../landing/debounce.js";
import { refusing } from "../run-job/refusal.js";
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
  TagVersionInput,
  TagVersionResult,
  WriteLineageInput,
} from "./pipeline.contracts.js";
import { planFor } from "./plan.js";
import {
  findAliasedVersion,
  findRegisteredVersion,
  findTrainRun,
  readRunMetrics,
  type RunsClient,
} from "./runs.js";
import { tagModelVersion } from "./tag-version.js";

export interface PipelineActivityDeps {
  /** Folder holding bundles/<name>/{databricks.yml,orchestrator.yml}: the app's own copy of the bundles. */
  readonly bundlesDir: string;
  readonly workspaceFor: (target: string) => DeploymentClient & RunsClient;
  readonly lakeAt: (location: LakeLocation) => Pick<LakeFiles, "write">;
  /** Whether run-event callbacks are configured; recorded in the plan so replays see the same answer. */
  readonly callbacks?: boolean;
}

const statusOf = (err: unknown): number | undefined =>
  typeof err === "object" && err !== null && "statusCode" in err && typeof err.statusCode === "number"
    ? err.statusCode
    : undefined;

/** Storage answers that a retry cannot change (403 no access, 404 no filesystem, 409 ...), as data. */
function storageRefusal(err: unknown): unknown {
  const status = statusOf(err);
  if (status === undefined || status < 400 || status >= 500 || status === 408 || status === 429) return err;
  return new UpstreamError(`the lake refused the lineage manifest (HTTP ${status})`, {
    code: "LINEAGE_WRITE_REFUSED",
    retryable: false,
    cause: err,
  });
}

/**
 * Side effects of trainEvaluateRegister; read-only except TagModelVersion (same tags again) and
 * WriteLineage (overwrites one file). Databricks refusals come back as non-retryable errors, so the
 * pipeline ends `failed` with the reason; throttling and 5xx are thrown for the retry policy.
 */
export function createPipelineActivities(deps: PipelineActivityDeps) {
  const ws = deps.workspaceFor;
  return {
    resolvePipelinePlan: (input: { key: PartitionKey }): ResolvePlanResult => {
      const resolved = planFor(loadBundleSidecars(deps.bundlesDir), input.key);
      return resolved.kind === "ok" && deps.callbacks === true
        ? { ...resolved, plan: { ...resolved.plan, callbacks: true } }
        : resolved;
    },
    resolveDeployment: (input: ResolveDeploymentInput): Promise<DeploymentResult> =>
      refusing(`reading the deployment of bundle ${input.bundle} for target ${input.target}`, () =>
        resolveDeployment(ws(input.target), nodeSource(join(deps.bundlesDir, input.bundle)), input),
      ),
    findTrainRun: (input: FindTrainRunInput): Promise<RunMetrics | null> =>
      refusing("searching the train run", () => findTrainRun(ws(input.target), input)),
    readRunMetrics: (input: { target: string; runId: string }): Promise<RunMetrics> =>
      refusing(`reading run ${input.runId}`, () => readRunMetrics(ws(input.target), input.runId)),
    findAliasedVersion: (input: ModelRef): Promise<AliasedVersion | null> =>
      refusing(`reading alias ${input.alias} of ${input.model}`, () =>
        findAliasedVersion(ws(input.target), input),
      ),
    findRegisteredVersion: (input: FindRegisteredInput): Promise<{ version: string } | null> =>
      refusing(`reading the versions of ${input.model}`, () =>
        findRegisteredVersion(ws(input.target), input),
      ),
    tagModelVersion: (input: TagVersionInput): Promise<TagVersionResult> =>
      refusing(`tagging version ${input.version} of ${input.model}`, () =>
        tagModelVersion(ws(input.target), input),
      ),
    writeLineage: async (input: WriteLineageInput): Promise<{ path: string }> => {
      const path = lineagePath(input.instanceId);
      const files = deps.lakeAt({ account: input.key.account, filesystem: input.key.filesystem });
      try {
        await files.write(path, `${JSON.stringify(input.manifest, null, 2)}\n`, "application/json");
      } catch (err) {
        throw storageRefusal(err);
      }
      return { path };
    },
  };
}
