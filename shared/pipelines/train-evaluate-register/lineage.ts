import type { Batch, PartitionKey } from "../landing/debounce.js";
import type { PipelineView } from "./view.js";

/** Where a pipeline's manifest lives in the landing filesystem (issue #7, "Lineage"). */
export const lineagePath = (instanceId: string) => `_orchestrator/runs/${instanceId}.json`;

/**
 * The lineage record of one pipeline run: exactly which file versions went in, which runs and which
 * deployment produced what, and the gate's decision. Written once at the end, whatever the outcome.
 */
export interface LineageManifest {
  readonly version: 1;
  readonly instanceId: string;
  readonly landingInstanceId: string;
  readonly bundle: string | null;
  readonly target: string;
  readonly partition: PartitionKey;
  readonly files: readonly { readonly path: string; readonly eTag: string; readonly contentLength: number }[];
  readonly marker: { readonly path: string; readonly eTag: string } | null;
  readonly deployment: { readonly serial: number; readonly commit: string | null } | null;
  readonly runs: Readonly<Record<string, { readonly runId: string | null; readonly state: string }>>;
  readonly trainRunId: string | null;
  readonly metrics: Readonly<Record<string, number>>;
  readonly champion: { readonly version: string; readonly runId: string | null } | null;
  readonly gate: PipelineView["gate"];
  readonly model: PipelineView["model"];
  readonly outcome: PipelineView["outcome"];
  readonly error: string | null;
  /** Orchestration time (replay-safe), ISO. */
  readonly completedAt: string;
}

export function lineageManifest(
  instanceId: string,
  input: { readonly key: PartitionKey; readonly batch: Batch; readonly landingInstanceId: string },
  view: PipelineView,
  completedAt: string,
): LineageManifest {
  return {
    version: 1,
    instanceId,
    landingInstanceId: input.landingInstanceId,
    bundle: view.bundle,
    target: view.target,
    partition: input.key,
    files: input.batch.files.map((f) => ({ path: f.path, eTag: f.eTag, contentLength: f.contentLength })),
    marker: input.batch.marker && { path: input.batch.marker.path, eTag: input.batch.marker.eTag },
    deployment: view.deployment,
    runs: Object.fromEntries(view.steps.map((s) => [s.name, { runId: s.runId, state: s.state }])),
    trainRunId: view.trainRunId,
    metrics: view.metrics,
    champion: view.champion,
    gate: view.gate,
    model: view.model,
    outcome: view.outcome,
    error: view.error ?? null,
    completedAt,
  };
}

/** A path of the landing filesystem as the abfss URL jobs read (literal: the jobs do not URL-decode). */
export const lakeUrl = (key: PartitionKey, path: string) =>
  `abfss://${key.filesystem}@${key.account}.dfs.core.windows.net/${path}`;

/** The train job's `input_paths`: the batch's files as abfss URLs, comma-separated (bundles/churn/README.md). */
export function inputPaths(key: PartitionKey, batch: Batch): string {
  return batch.files.map((f) => lakeUrl(key, f.path)).join(",");
}
