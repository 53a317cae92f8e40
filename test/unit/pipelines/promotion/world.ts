import type { OrchestrationHandler } from "durable-functions";
import { fake } from "../../../harness/orchestration.js";
import {
  GetModelAlias,
  RemoveModelAlias,
  ResolveBundleJob,
  SetModelAlias,
  type AliasRef,
} from "../../../../shared/pipelines/promotion/apply.contracts.js";
import { FindModelCopy, SubmitModelCopy } from "../../../../shared/pipelines/promotion/copy.contracts.js";
import type { LedgerRecord } from "../../../../shared/pipelines/promotion/ledger.js";
import { promoteOrchestrator } from "../../../../shared/pipelines/promotion/promote.orchestrator.js";
import {
  AppendLedgerRecord,
  PostReminderComment,
  PreflightPromotion,
  ReadLedger,
  SendPromotionReminder,
  type PreflightOutcome,
  type PromotionInput,
  type ReminderCommentInput,
} from "../../../../shared/pipelines/promotion/promotion.contracts.js";
import type { DeployCommitInput } from "../../../../shared/pipelines/deploy-on-push/deploy-commit.contracts.js";
import {
  CancelJobRun,
  GetJobRun,
  type RunJobInput,
} from "../../../../shared/pipelines/run-job/run-job.contracts.js";
import type { RunOutcome } from "../../../../shared/databricks/classify-run.js";
import {
  ReportDeploy,
  type ReportDeployInput,
} from "../../../../shared/pipelines/deploy-on-push/report.contracts.js";
import { subOrchestration, withSubOrchestrations } from "./sub-orchestrations.js";

export const HOUR = 3_600_000;
export const alice = { id: "oid-alice", name: "alice" };
export const bob = { id: "oid-bob", name: "bob" };
export const MODEL = "prod.ml.churn";

export const input: PromotionInput = {
  promotionId: "promo-1",
  recordId: "promo-1@2026-01-01T00:00:00.000Z",
  bundle: "churn",
  model: MODEL,
  from: "staging",
  to: "prod",
  reason: "better recall",
  requester: alice,
  requestedAt: "2026-01-01T00:00:00.000Z",
  approvalTimeoutSeconds: 72 * 3_600,
  reminderWebhook: true,
};

export const ready: Extract<PreflightOutcome, { kind: "ready" }> = {
  kind: "ready",
  version: "4",
  commit: "c4",
  runId: "run-4",
  championBefore: "3",
  previousCommit: "c3",
  aliases: { champion: "champion", challenger: "challenger" },
  sourceModel: MODEL,
  targetModel: MODEL,
  repository: "acme/ml",
  smoke: null,
};

/** The promote orchestration with sub-orchestrations served by `sub:<name>` fakes. */
export const promote: OrchestrationHandler = withSubOrchestrations(promoteOrchestrator);

export interface WorldOptions {
  readonly preflight?: PreflightOutcome;
  readonly failDeploy?: string;
  readonly throwOn?: { readonly activity: string; readonly alias?: string };
  readonly failSmoke?: boolean;
  readonly ledger?: LedgerRecord[];
  /** The copy run: polled outcomes in order (the last repeats), a copy existing before, none after. */
  readonly copy?: {
    readonly outcomes?: readonly RunOutcome[];
    readonly existing?: string;
    readonly missingAfterRun?: boolean;
  };
}

/** Aliases of the world's model are keyed by alias name; other models' by `model@alias`. */
const keyOf = (ref: Pick<AliasRef, "model" | "alias">) =>
  ref.model === MODEL ? ref.alias : `${ref.model}@${ref.alias}`;

/** A tiny registry, deployment log and ledger the fakes act on, so tests assert end state too. */
export function world(options: WorldOptions = {}) {
  const aliases = new Map<string, string>([
    ["champion", "3"],
    ["challenger", "4"],
  ]);
  const deployed: string[] = [];
  const deploys: DeployCommitInput[] = [];
  const smokeRuns: RunJobInput[] = [];
  const copies: string[] = [];
  const copyPolls: string[] = [];
  const canceled: string[] = [];
  let copied: string | null = options.copy?.existing ?? null;
  const reports: ReportDeployInput[] = [];
  const ledger: LedgerRecord[] = [...(options.ledger ?? [])];
  const reminders: string[] = [];
  const comments: ReminderCommentInput[] = [];
  const throws = (activity: string, alias?: string) =>
    options.throwOn?.activity === activity && (options.throwOn.alias ?? alias) === alias;
  const activities = {
    ...fake(PreflightPromotion, () => options.preflight ?? ready),
    [subOrchestration("DeployCommit")]: ({ input: deploy }: { input: DeployCommitInput }) => {
      deployed.push(deploy.sha);
      deploys.push(deploy);
      if (options.failDeploy === deploy.sha) return { kind: "failed" as const, message: "plan failed" };
      return { kind: "deployed" as const, counts: { add: 0, change: 1, delete: 0 } };
    },
    [subOrchestration("runJob")]: ({ input: run }: { input: RunJobInput }) => {
      smokeRuns.push(run);
      return {
        kind: "run" as const,
        outcome: options.failSmoke ? ("failed" as const) : ("succeeded" as const),
        runId: "900",
        runPageUrl: null,
        stateMessage: options.failSmoke ? "assertion failed" : null,
        polls: 1,
        stepTimedOut: false,
      };
    },
    ...fake(ResolveBundleJob, ({ job }) => ({ jobId: job === "smoke" ? "77" : "0" })),
    ...fake(FindModelCopy, () => ({ version: copied })),
    ...fake(SubmitModelCopy, ({ from, to }) => {
      if (throws("SubmitModelCopy")) throw new Error("registry unavailable");
      copies.push(`${from.model}/${from.version} -> ${to.model}`);
      return { runId: "700" };
    }),
    ...fake(GetJobRun, ({ runId }) => {
      const outcomes = options.copy?.outcomes ?? ["running", "succeeded"];
      const outcome = outcomes[Math.min(copyPolls.length, outcomes.length - 1)] ?? "succeeded";
      copyPolls.push(outcome);
      if (outcome === "succeeded" && !options.copy?.missingAfterRun) copied = "12";
      const message = outcome === "failed" ? "PERMISSION_DENIED on prod.ml" : null;
      return {
        outcome,
        lifeCycleState: null,
        resultState: null,
        stateMessage: message,
        runPageUrl: `run/${runId}`,
      };
    }),
    ...fake(CancelJobRun, ({ runId }) => {
      canceled.push(runId);
      return null;
    }),
    ...fake(SetModelAlias, (ref) => {
      if (throws("SetModelAlias", ref.alias)) throw new Error("registry unavailable");
      const previous = aliases.get(keyOf(ref)) ?? null;
      aliases.set(keyOf(ref), ref.version);
      return { previous };
    }),
    ...fake(RemoveModelAlias, (ref) => {
      if (throws("RemoveModelAlias", ref.alias)) throw new Error("registry unavailable");
      if (aliases.get(keyOf(ref)) !== ref.version) return { removed: false };
      aliases.delete(keyOf(ref));
      return { removed: true };
    }),
    ...fake(GetModelAlias, (ref) => ({ version: aliases.get(keyOf(ref)) ?? null })),
    ...fake(PostReminderComment, (comment) => {
      if (throws("PostReminderComment")) throw new Error("GitHub unavailable");
      if (comments.some((c) => c.marker === comment.marker)) return { posted: false };
      comments.push(comment);
      return { posted: true };
    }),
    ...fake(SendPromotionReminder, ({ when }) => {
      reminders.push(when);
      return { sent: true };
    }),
    ...fake(AppendLedgerRecord, ({ record }) => {
      if (ledger.some((r) => r.id === record.id)) return { appended: false };
      ledger.push(record);
      return { appended: true };
    }),
    ...fake(ReadLedger, () => ({ records: ledger })),
    ...fake(ReportDeploy, (report) => {
      reports.push(report);
      return { reported: true };
    }),
  };
  return {
    activities,
    aliases,
    deployed,
    deploys,
    smokeRuns,
    copies,
    copyPolls,
    canceled,
    reports,
    ledger,
    reminders,
    comments,
  };
}

export const approve = (by = bob, afterMs = HOUR) => ({
  name: "approval",
  afterMs,
  data: {
    decision: "approve",
    by,
    comment: "lgtm",
    at: new Date(Date.parse(input.requestedAt) + afterMs).toISOString(),
  },
});

/** A ledger record with everything but what a test cares about filled in. */
export function entry(id: string, over: Partial<LedgerRecord> = {}): LedgerRecord {
  return {
    id,
    kind: "promotion",
    outcome: "promoted",
    model: "prod.ml.churn",
    bundle: "churn",
    from: "staging",
    target: "prod",
    requester: { id: "a", name: "alice" },
    approver: { id: "b", name: "bob" },
    requestedAt: "2026-01-01T00:00:00.000Z",
    decidedAt: "2026-01-01T01:00:00.000Z",
    finishedAt: "2026-01-01T01:01:00.000Z",
    versionBefore: null,
    versionAfter: null,
    commit: null,
    reason: "r",
    comment: null,
    instanceId: "promo-x",
    ...over,
  };
}
