import { defineActivity } from "../../durable/contracts.js";
import { RetryPolicies } from "../../durable/retry-policies.js";
import type { LedgerRecord } from "./ledger.js";

/** Orchestration and event names are stored in history: never rename them (add a V2). */
export const PROMOTE_ORCHESTRATION = "promote";
export const ROLLBACK_ORCHESTRATION = "rollbackChampion";
export const APPROVAL_EVENT = "approval";

/** A person as recorded in statuses and the ledger; `id` is what the four-eyes rule compares. */
export interface Person {
  readonly id: string;
  readonly name: string;
}

/** The orchestration input, built by the HTTP API from the request, the caller and the settings. */
export interface PromotionInput {
  /** The instance id (business key: model + target). */
  readonly promotionId: string;
  /** Unique per promotion (the instance id is reused once a promotion finishes): keys the ledger record. */
  readonly recordId: string;
  readonly bundle: string;
  readonly model: string;
  /** Unset: the version holding the challenger alias. */
  readonly version?: string;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  readonly requester: Person;
  readonly requestedAt: string;
  readonly approvalTimeoutSeconds: number;
  /** Whether reminders also go to the configured webhook. */
  readonly reminderWebhook: boolean;
}

/** The data of an {@link APPROVAL_EVENT}: approvals, rejections and cancellations all arrive here. */
export interface ApprovalDecision {
  readonly decision: "approve" | "reject" | "cancel";
  readonly by: Person;
  readonly comment?: string;
  readonly at: string;
}

/** What preflight found: everything the later steps need, or why the promotion cannot go ahead. */
export type PreflightOutcome =
  | {
      readonly kind: "ready";
      readonly version: string;
      readonly commit: string;
      readonly runId: string;
      /** Version holding champion before the promotion (null: none), restored by compensation. */
      readonly championBefore: string | null;
      /** Commit of the last promotion to the target recorded in the ledger, redeployed by compensation. */
      readonly previousCommit: string | null;
      /** Alias names from the bundle's sidecar config (promotion.champion_alias, register.alias). */
      readonly aliases: { readonly champion: string; readonly challenger: string };
      /** The `from` target's model (holds the version and challenger) and the `to` target's (gets champion). */
      readonly sourceModel: string;
      readonly targetModel: string;
      /** `owner/name` of the repository holding `commit` (run tag `git_repository`, else the routing setting). */
      readonly repository: string;
      /** The sidecar's smoke job (promotion.smoke), run on the target after the alias flip. */
      readonly smoke: { readonly job: string; readonly timeoutSeconds: number } | null;
    }
  | {
      readonly kind: "refused";
      readonly reasons: readonly string[];
      /**
       * The `to` target's model when the sidecar names it: the refusal is recorded in that model's
       * ledger like every other ending of a promotion to the target. Absent: the requested model's.
       */
      readonly targetModel?: string;
      /** The version the request resolved to (given, or the one holding challenger), when known. */
      readonly version?: string;
    };

export interface PreflightInput {
  readonly bundle: string;
  readonly model: string;
  readonly version?: string;
  readonly from: string;
  readonly to: string;
}

/**
 * Checks the version exists, carries lineage tags (commit_sha, orchestration_id), passed the gate
 * (gate_passed = 1 on its run) and the route from → to is a step of the bundle's promotion path.
 */
export const PreflightPromotion = defineActivity<PreflightInput, PreflightOutcome>("PreflightPromotion", {
  retry: RetryPolicies.databricks,
});

export interface ReminderInput {
  readonly promotionId: string;
  readonly model: string;
  readonly to: string;
  readonly version: string;
  readonly requester: Person;
  readonly deadline: string;
  readonly when: "half" | "final";
}

/** Posts an approval reminder to the configured webhook. Informational: a lost reminder is harmless. */
export const SendPromotionReminder = defineActivity<ReminderInput, { readonly sent: boolean }>(
  "SendPromotionReminder",
  { retry: RetryPolicies.reporting },
);

export interface ReminderCommentInput {
  readonly repository: string;
  readonly sha: string;
  /** Hidden in the body; a comment already carrying it means this reminder was posted (a retry). */
  readonly marker: string;
  readonly body: string;
}

/**
 * Comments the approval reminder on the promoted commit as the GitHub App (posted: false when no App is
 * configured or it was there already). Informational: the orchestration logs a failure and goes on.
 */
export const PostReminderComment = defineActivity<ReminderCommentInput, { readonly posted: boolean }>(
  "PostReminderComment",
  { retry: RetryPolicies.reporting },
);

/** Appends a record to the model's ledger unless a record with its id is there already. */
export const AppendLedgerRecord = defineActivity<
  { readonly record: LedgerRecord },
  { readonly appended: boolean }
>("AppendLedgerRecord", { retry: RetryPolicies.transient });

/** Reads every record of a model's ledger, oldest first. */
export const ReadLedger = defineActivity<
  { readonly model: string },
  { readonly records: readonly LedgerRecord[] }
>("ReadLedger", { retry: RetryPolicies.transient });
