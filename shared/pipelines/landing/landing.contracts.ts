import { defineActivity } from "../../durable/contracts.js";
import { RetryPolicies } from "../../durable/retry-policies.js";
import type { Batch, DebounceSettings, FileVersion, PartitionKey } from "./debounce.js";

/** Orchestration and event names are stored in history: never rename them (add a V2). */
export const LANDING_ORCHESTRATION = "landingDebounce";
export const FILE_LANDED_EVENT = "FileLanded";
/** The pipeline a batch starts (issue #7, part 2). */
export const PIPELINE_ORCHESTRATION = "trainEvaluateRegister";

/** What the ingress raises to the partition's debounce instance: one file version of the partition. */
export interface FileLanded extends PartitionKey, FileVersion {}

export interface LandingInput {
  readonly key: PartitionKey;
  readonly settings: DebounceSettings;
  /** The event that started this instance (starting and raising separately would race). */
  readonly first: FileLanded;
}

export interface LandingOutput {
  readonly batches: number;
  readonly files: number;
  /** Pipeline instances the batches went to, in order (an identical batch maps to the same one). */
  readonly pipelines: readonly string[];
}

/** The input of one pipeline run: the partition and exactly the file versions it trains on. */
export interface LandingPipelineInput {
  readonly key: PartitionKey;
  readonly batch: Batch;
  /** The debounce instance that decided to start it, for lineage. */
  readonly landingInstanceId: string;
}

/** `existing`: a pipeline for exactly these file versions was started before (or by an earlier attempt). */
export interface StartPipelineOutput {
  readonly kind: "started" | "existing";
  readonly instanceId: string;
}

/** Starts the pipeline for a batch under an id derived from its files, so a batch starts at most once. */
export const StartLandingPipeline = defineActivity<LandingPipelineInput, StartPipelineOutput>(
  "StartLandingPipeline",
  { retry: RetryPolicies.transient },
);

/**
 * V2 (docs/adr, landing ingress V2): the ingress stamps each file with the time it was received and
 * raises the files of one partition together, so the quiet window is measured at arrival, not when a
 * busy engine gets round to the event. V1 names stay registered for instances started before.
 */
export const LANDING_ORCHESTRATION_V2 = "landingDebounceV2";
export const FILES_LANDED_EVENT = "FilesLanded";

/** One file version of the partition and when the ingress received it (ISO). */
export interface LandedFileV2 extends FileLanded {
  readonly receivedAt: string;
}

/** The `FilesLanded` event: one or more file versions of the instance's partition. */
export interface FilesLanded {
  readonly files: readonly LandedFileV2[];
}

export interface LandingInputV2 {
  readonly key: PartitionKey;
  readonly settings: DebounceSettings;
  /** The files that started this instance. */
  readonly first: readonly LandedFileV2[];
}

/** What the V2 instance reports in custom status; `liveUntil` lets the ingress skip status calls. */
export interface LandingStatusV2 {
  readonly step: "debouncing" | "done";
  readonly files: number;
  readonly pending: boolean;
  readonly batches: number;
  /** It will not finish before this time (ISO): the dedupe window after the last event it received. */
  readonly liveUntil: string;
}
