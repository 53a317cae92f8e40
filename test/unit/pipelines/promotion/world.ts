import { fake } from "../../../harness/orchestration.js";
import type { LedgerRecord } from "../../../../shared/pipelines/promotion/ledger.js";
import {
  AppendLedgerRecord,
  DeployPromotedBundle,
  GetModelAlias,
  PreflightPromotion,
  ReadLedger,
  RemoveModelAlias,
  RunSmokeJob,
  SendPromotionReminder,
  SetModelAlias,
  type PreflightOutcome,
  type PromotionInput,
} from "../../../../shared/pipelines/promotion/promotion.contracts.js";

export const HOUR = 3_600_000;
export const alice = { id: "oid-alice", name: "alice" };
export const bob = { id: "oid-bob", name: "bob" };

export const input: PromotionInput = {
  promotionId: "promo-1",
  recordId: "promo-1@2026-01-01T00:00:00.000Z",
  bundle: "churn",
  model: "prod.ml.churn",
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
};

export interface WorldOptions {
  readonly preflight?: PreflightOutcome;
  readonly failDeploy?: string;
  readonly throwOn?: { readonly activity: string; readonly alias?: string };
  readonly failSmoke?: boolean;
  readonly ledger?: LedgerRecord[];
}

/** A tiny registry, deployment log and ledger the fakes act on, so tests assert end state too. */
export function world(options: WorldOptions = {}) {
  const aliases = new Map<string, string>([
    ["champion", "3"],
    ["challenger", "4"],
  ]);
  const deployed: string[] = [];
  const ledger: LedgerRecord[] = [...(options.ledger ?? [])];
  const reminders: string[] = [];
  const throws = (activity: string, alias?: string) =>
    options.throwOn?.activity === activity && (options.throwOn.alias ?? alias) === alias;
  const activities = {
    ...fake(PreflightPromotion, () => options.preflight ?? ready),
    ...fake(DeployPromotedBundle, ({ commit }) => {
      deployed.push(commit);
      if (options.failDeploy === commit) return { kind: "failed" as const, message: "plan failed" };
      return { kind: "done" as const };
    }),
    ...fake(SetModelAlias, ({ alias, version }) => {
      if (throws("SetModelAlias", alias)) throw new Error("registry unavailable");
      const previous = aliases.get(alias) ?? null;
      aliases.set(alias, version);
      return { previous };
    }),
    ...fake(RemoveModelAlias, ({ alias, version }) => {
      if (throws("RemoveModelAlias", alias)) throw new Error("registry unavailable");
      if (aliases.get(alias) !== version) return { removed: false };
      aliases.delete(alias);
      return { removed: true };
    }),
    ...fake(GetModelAlias, ({ alias }) => ({ version: aliases.get(alias) ?? null })),
    ...fake(RunSmokeJob, () =>
      options.failSmoke
        ? { kind: "failed" as const, message: "smoke run FAILED" }
        : { kind: "done" as const },
    ),
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
  };
  return { activities, aliases, deployed, ledger, reminders };
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
