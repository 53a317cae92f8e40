import { defineActivity } from "../../../durable/contracts.js";
import { RetryPolicies } from "../../../durable/retry-policies.js";
import type { ActionCounts } from "../../plan/render.js";
import type { Layout } from "../layout.js";
import type { MetadataBase } from "../state-files.js";
import type { JsonEntry } from "./json-plain.js";

/**
 * The `DeployBundleSteps` sub-orchestration: one activity per deploy step (ADR 0016, ADR 0022). Inputs
 * and outputs are JSON; the bundle's files never travel through history — activities re-open them from
 * a stored snapshot by reference. Every step names the target: its activity picks the target's
 * workspace client by it. Names are stored in history: never rename one, add a V2.
 */
export const DEPLOY_BUNDLE = "DeployBundleSteps";

/** Where the bundle's files are: a snapshot in storage and the bundle's folder inside it. */
export interface SourceRef {
  readonly snapshot: string;
  readonly root: string;
}

interface Targeted {
  readonly target: string;
}

export interface DeployBundleRequest extends Targeted {
  readonly source: SourceRef;
  readonly vars?: readonly string[];
  readonly forceLock?: boolean;
  /** The commit being deployed (the snapshot has no .git): written to bundle.git and metadata.json. */
  readonly git?: { readonly commit: string; readonly originUrl?: string; readonly branch?: string };
}

/** A file to sync, with the content hash the snapshot of the last upload is compared with. */
export interface SyncFile {
  readonly path: string;
  readonly size: number;
  readonly hash: string;
  readonly remote: string;
  readonly notebook: boolean;
}

/** The deploying user, read once by validate (no second `scim/me` in later steps). */
export interface StepUser {
  readonly userName: string;
  readonly id: string;
  readonly displayName?: string;
}

export type ValidateStepOut =
  | { readonly kind: "invalid"; readonly errors: readonly string[] }
  | {
      readonly kind: "ok";
      readonly layout: Layout;
      readonly lock: boolean;
      readonly user: StepUser;
      readonly files: readonly SyncFile[];
      readonly warnings: readonly string[];
    };

export interface LockStepIn extends Targeted {
  readonly layout: Layout;
  readonly lockId: string;
  readonly user: string;
  /** The orchestration's clock, so a retried step writes the same lock. */
  readonly now: string;
  readonly force: boolean;
}

/** One plan entry to apply, in dependency order (deletes last); `entry.new_state` may hold `${resources...}`. */
export interface Change {
  readonly node: string;
  readonly action: "create" | "update" | "recreate" | "delete";
  /** The plan entry (JSON, see json-plain.ts); absent for deletes. */
  readonly entry?: unknown;
  readonly prior?: JsonEntry;
  /** Nodes the entry refers to: their current state entries travel with the change. */
  readonly refs: readonly string[];
}

export interface PlanStepOut {
  /** The plan in the CLI's JSON format, for reports (checks, statuses). */
  readonly planJson: string;
  readonly counts: ActionCounts;
  readonly changes: readonly Change[];
  readonly upload: readonly string[];
  readonly remove: readonly string[];
  /** Folders to create before uploading (the artifacts folder on a first deploy, leaves on a full upload). */
  readonly mkdirs: readonly string[];
  /** The refreshed deployed state: what apply starts from. */
  readonly kept: Readonly<Record<string, JsonEntry>>;
  readonly stored?: { readonly lineage: string; readonly serial: number };
  readonly previous?: { readonly seq: number; readonly id: string };
  readonly metadata: MetadataBase;
}

export type StateEntries = Readonly<Record<string, JsonEntry>>;

export interface AppliedChange {
  readonly node: string;
  readonly action: Change["action"];
  /** The node's new state entry (absent after a delete). */
  readonly entry?: JsonEntry;
}

export interface ApplyStepIn extends Targeted {
  readonly change: Change;
  readonly refs: StateEntries;
  /** Where this create is journaled (unique per deploy and node), so a retry never creates twice. */
  readonly journal: string;
}

const retry = { retry: RetryPolicies.databricks };

export const ValidateBundleStep = defineActivity<DeployBundleRequest, ValidateStepOut>(
  "BundleValidateStep",
  retry,
);
export const AcquireBundleLock = defineActivity<LockStepIn, { acquired: true }>("BundleAcquireLock", retry);
export const PlanBundleStep = defineActivity<
  DeployBundleRequest & { layout: Layout; files: readonly SyncFile[]; user: StepUser },
  PlanStepOut
>("BundlePlanStep", retry);
export const MakeBundleFolders = defineActivity<Targeted & { dirs: readonly string[] }, { made: number }>(
  "BundleMakeFolders",
  retry,
);
export const UploadBundleFiles = defineActivity<
  Targeted & { source: SourceRef; filesRoot: string; paths: readonly string[] },
  { uploaded: number; bytes: number }
>("BundleUploadFiles", retry);
export const DeleteBundleFiles = defineActivity<
  Targeted & { filesRoot: string; remote: readonly string[] },
  { deleted: number }
>("BundleDeleteFiles", retry);
/** The sync snapshot and deployment.json, written after the files, before resources (as deploy-locked.ts). */
export const RecordBundleFiles = defineActivity<
  Targeted & { layout: Layout; files: readonly SyncFile[]; previous?: PlanStepOut["previous"] },
  { seq: number }
>("BundleRecordFiles", retry);
/** Retried like the others: creates are journaled, so a retry finds what the failed attempt created. */
export const ApplyBundleChange = defineActivity<ApplyStepIn, AppliedChange>("BundleApplyChange", retry);
export const WriteBundleState = defineActivity<
  Targeted & {
    layout: Layout;
    state: StateEntries;
    stored?: PlanStepOut["stored"];
    metadata: MetadataBase;
  },
  { serial: number }
>("BundleWriteState", retry);
export const ReleaseBundleLock = defineActivity<
  Targeted & { layout: Layout; lockId: string },
  { released: string }
>("BundleReleaseLock", retry);
