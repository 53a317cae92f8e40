import { defineActivity } from "../../durable/contracts.js";
import { RetryPolicies } from "../../durable/retry-policies.js";
import type { GateConfig, StepName } from "../config/schema.js";
import type { PartitionKey } from "../landing/debounce.js";
import type { LineageManifest } from "./lineage.js";
import type { VersionLineage } from "./version-tags.js";

export { PIPELINE_ORCHESTRATION } from "../landing/landing.contracts.js";
export type { LandingPipelineInput as PipelineInput } from "../landing/landing.contracts.js";

/** The parts of the bundle's sidecar the pipeline needs, fixed for the run when it starts. */
export interface PipelinePlan {
  readonly bundle: string;
  readonly target: string;
  readonly jobs: Readonly<Record<StepName, { readonly job: string; readonly timeoutSeconds: number }>>;
  readonly gate: GateConfig;
  readonly model: string;
  readonly registerAlias: string;
  readonly championAlias: string;
  /**
   * Databricks completion callbacks reach this app (run-events configured, run index in the lake): the
   * runJob children then poll only as a rare fallback. Optional: plans recorded before it read as false.
   */
  readonly callbacks?: boolean;
}

/** Finds the bundle whose sidecar declares the landing trigger of the batch. */
export type ResolvePlanResult =
  | { readonly kind: "ok"; readonly plan: PipelinePlan }
  | { readonly kind: "unknownTrigger"; readonly message: string };

export interface ResolveDeploymentInput {
  readonly bundle: string;
  readonly target: string;
  /** Job resource keys of the steps (`resources.jobs.<key>`). */
  readonly jobs: readonly string[];
}

/** What the target's deployment state says: job ids by resource key, serial, commit, experiments. */
export type DeploymentResult =
  | {
      readonly kind: "deployed";
      readonly jobIds: Readonly<Record<string, string>>;
      readonly serial: number;
      /** `bundle.git.commit` of the deployed state; null when deployed from outside git. */
      readonly commit: string | null;
      readonly statePath: string;
      /** Ids of the bundle's MLflow experiments, where the train run is searched. */
      readonly experimentIds: readonly string[];
    }
  | { readonly kind: "notDeployed"; readonly message: string };

export interface FindTrainRunInput {
  readonly target: string;
  readonly experimentIds: readonly string[];
  readonly orchestrationId: string;
}

/** An MLflow run with its latest metric values. */
export interface RunMetrics {
  readonly runId: string;
  readonly metrics: Readonly<Record<string, number>>;
}

export interface ModelRef {
  readonly target: string;
  readonly model: string;
  readonly alias: string;
}

/** The version an alias points at, with the metrics of the run it was registered from. */
export interface AliasedVersion {
  readonly version: string;
  readonly runId: string | null;
  readonly metrics: Readonly<Record<string, number>>;
}

export interface FindRegisteredInput extends ModelRef {
  /** The train run the version must come from (an alias moved by someone else does not count). */
  readonly runId: string;
}

export interface TagVersionInput extends ModelRef {
  readonly version: string;
  /** The train run the version was registered from (Unity Catalog models are tagged there). */
  readonly runId: string;
  readonly lineage: VersionLineage;
}

/** Where the lineage tags went: the version itself, or its run where the registry has no version tags. */
export interface TagVersionResult {
  readonly on: "version" | "run";
  readonly tags: Readonly<Record<string, string>>;
}

export interface WriteLineageInput {
  readonly key: PartitionKey;
  readonly instanceId: string;
  readonly manifest: LineageManifest;
}

/** Names stored in history: never rename (add a V2). */
export const ResolvePipelinePlan = defineActivity<{ readonly key: PartitionKey }, ResolvePlanResult>(
  "ResolvePipelinePlan",
  { retry: RetryPolicies.transient },
);
export const ResolveDeployment = defineActivity<ResolveDeploymentInput, DeploymentResult>(
  "ResolveDeployment",
  { retry: RetryPolicies.databricks },
);
/** Null when no finished run carries the orchestration's tag (a train job that logged nothing). */
export const FindTrainRun = defineActivity<FindTrainRunInput, RunMetrics | null>("FindTrainRun", {
  retry: RetryPolicies.databricks,
});
export const ReadRunMetrics = defineActivity<{ readonly target: string; readonly runId: string }, RunMetrics>(
  "ReadRunMetrics",
  { retry: RetryPolicies.databricks },
);
/** Null when the model or the alias does not exist yet. */
export const FindAliasedVersion = defineActivity<ModelRef, AliasedVersion | null>("FindAliasedVersion", {
  retry: RetryPolicies.databricks,
});
/** The version registered from the run that holds the alias; null when the register job left none. */
export const FindRegisteredVersion = defineActivity<FindRegisteredInput, { readonly version: string } | null>(
  "FindRegisteredVersion",
  { retry: RetryPolicies.databricks },
);
/** Writes `_orchestrator/runs/<instanceId>.json` next to the landed data; returns its path. */
export const WriteLineage = defineActivity<WriteLineageInput, { readonly path: string }>("WriteLineage", {
  retry: RetryPolicies.transient,
});
/**
 * Tags a registered version with the pipeline's lineage (serial, data count/digest, manifest URL,
 * orchestration id, commit): ADR 0025. Setting a tag to the same value again is harmless, so safe to repeat.
 */
export const TagModelVersion = defineActivity<TagVersionInput, TagVersionResult>("TagModelVersion", {
  retry: RetryPolicies.databricks,
});
