import { defineActivity } from "../../../durable/contracts.js";
import { RetryPolicies } from "../../../durable/retry-policies.js";
import type { Layout } from "../layout.js";

/**
 * The `DeployBundle` sub-orchestration: one activity per deploy step (ADR 0016). Inputs and outputs are
 * JSON; the bundle's files never travel through history — activities re-open them from a stored snapshot
 * by reference. Names are stored in history: never rename one, add a V2.
 */
export const DEPLOY_BUNDLE = "DeployBundleSteps";

/** Where the bundle's files are: a snapshot in storage and the bundle's folder inside it. */
export interface SourceRef {
  readonly snapshot: string;
  readonly root: string;
}

export interface DeployBundleRequest {
  readonly source: SourceRef;
  readonly target: string;
  readonly vars?: readonly string[];
  readonly forceLock?: boolean;
}

/** A file to sync, with the content hash the snapshot of the last upload is compared with. */
export interface SyncFile {
  readonly path: string;
  readonly size: number;
  readonly hash: string;
  readonly remote: string;
  readonly notebook: boolean;
}

export type ValidateStepOut =
  | { readonly kind: "invalid"; readonly errors: readonly string[] }
  | {
      readonly kind: "ok";
      readonly layout: Layout;
      readonly lock: boolean;
      readonly user: string;
      readonly files: readonly SyncFile[];
      readonly warnings: readonly string[];
    };

export interface LockStepIn {
  readonly layout: Layout;
  readonly lockId: string;
  readonly user: string;
  /** The orchestration's clock, so a replayed step writes the same lock. */
  readonly now: string;
  readonly force: boolean;
}

/** One resource change, in dependency order; `value` may hold `${resources...}` references. */
export interface Change {
  readonly node: string;
  readonly action: "create" | "update" | "recreate" | "delete";
  readonly value?: unknown;
  readonly priorId?: string;
  readonly priorState?: unknown;
  readonly dependsOn?: readonly { node: string; label: string }[];
}

export interface PlanStepOut {
  /** The plan in the CLI's JSON format, for reports (checks, statuses). */
  readonly planJson: string;
  readonly changes: readonly Change[];
  readonly upload: readonly string[];
  readonly remove: readonly string[];
  /** State entries kept as they are (their ids resolve references). */
  readonly kept: Readonly<Record<string, { __id__: string; state: unknown }>>;
}

export interface AppliedChange {
  readonly node: string;
  readonly action: Change["action"];
  readonly id?: string;
  readonly state?: unknown;
}

export const ValidateBundleStep = defineActivity<DeployBundleRequest, ValidateStepOut>("BundleValidateStep", {
  retry: RetryPolicies.databricks,
});
export const AcquireBundleLock = defineActivity<LockStepIn, { acquired: true }>("BundleAcquireLock", {
  retry: RetryPolicies.databricks,
});
export const PlanBundleStep = defineActivity<
  DeployBundleRequest & { layout: Layout; files: readonly SyncFile[] },
  PlanStepOut
>("BundlePlanStep", { retry: RetryPolicies.databricks });
export const UploadBundleFiles = defineActivity<
  { source: SourceRef; filesRoot: string; paths: readonly string[] },
  { uploaded: number; bytes: number }
>("BundleUploadFiles", { retry: RetryPolicies.databricks });
export const DeleteBundleFiles = defineActivity<
  { filesRoot: string; remote: readonly string[] },
  { deleted: number }
>("BundleDeleteFiles", { retry: RetryPolicies.databricks });
/** Creates are not retried: a repeat would create a second resource. Updates and deletes are. */
export const ApplyBundleChange = defineActivity<Change, AppliedChange>("BundleApplyChange");
/** The state to record: what was kept plus what was applied (deleted entries left out). */
export type StateEntries = Readonly<
  Record<
    string,
    {
      readonly __id__: string;
      readonly state: unknown;
      readonly depends_on?: readonly { node: string; label: string }[];
    }
  >
>;

export const WriteBundleState = defineActivity<
  DeployBundleRequest & { layout: Layout; files: readonly SyncFile[]; state: StateEntries },
  { serial: number }
>("BundleWriteState", { retry: RetryPolicies.databricks });
export const ReleaseBundleLock = defineActivity<{ layout: Layout; lockId: string }, { released: string }>(
  "BundleReleaseLock",
  { retry: RetryPolicies.databricks },
);
