import type { OrchestrationContext, Task } from "durable-functions";
import { callActivity } from "../../durable/call-activity.js";
import { orchestrationLogger } from "../../durable/orchestration-logger.js";
import { planRollback, type LedgerRecord } from "./ledger.js";
import { GetModelAlias, SetModelAlias } from "./apply.contracts.js";
import { AppendLedgerRecord, ReadLedger, type Person } from "./promotion.contracts.js";

/** Input of `rollbackChampion`, built by the HTTP API. */
export interface RollbackInput {
  readonly recordId: string;
  readonly model: string;
  readonly target: string;
  readonly alias: string;
  readonly requester: Person;
  readonly requestedAt: string;
  readonly reason: string;
}

export type RollbackOutput =
  | { readonly kind: "rolled_back"; readonly from: string; readonly to: string }
  | { readonly kind: "impossible"; readonly reason: string };

/**
 * Flips champion back to the version the ledger says held it before the current one, and records
 * the rollback. Refuses (changing nothing) when the registry and the ledger disagree.
 */
export function* rollbackOrchestrator(ctx: OrchestrationContext): Generator<Task, RollbackOutput, unknown> {
  const input = ctx.df.getInput<RollbackInput>();
  const log = orchestrationLogger(ctx, { model: input.model, target: input.target });
  ctx.df.setCustomStatus({ step: "planning", model: input.model, target: input.target });
  const { records } = yield* callActivity(ctx, ReadLedger, { model: input.model });
  // The model lives in the target's workspace: the alias activities pick their client by target.
  const ref = { target: input.target, model: input.model, alias: input.alias };
  const current = yield* callActivity(ctx, GetModelAlias, ref);
  const plan = planRollback(records, input.target, current.version);
  if (plan.kind === "impossible") {
    log.warn("rollback impossible", { reason: plan.reason });
    ctx.df.setCustomStatus({ step: "done", model: input.model, target: input.target });
    return plan;
  }
  ctx.df.setCustomStatus({ step: "rolling_back", from: plan.from, to: plan.to });
  yield* callActivity(ctx, SetModelAlias, { ...ref, version: plan.to });
  const now = ctx.df.currentUtcDateTime.toISOString();
  const record: LedgerRecord = {
    id: input.recordId,
    kind: "rollback",
    outcome: "rolled_back",
    model: input.model,
    bundle: null,
    from: null,
    target: input.target,
    requester: input.requester,
    approver: null,
    requestedAt: input.requestedAt,
    decidedAt: now,
    finishedAt: now,
    versionBefore: plan.from,
    versionAfter: plan.to,
    commit: plan.commit,
    reason: input.reason,
    comment: null,
    instanceId: ctx.df.instanceId,
  };
  yield* callActivity(ctx, AppendLedgerRecord, { record });
  ctx.df.setCustomStatus({ step: "done", model: input.model, target: input.target });
  log.info("champion rolled back", { from: plan.from, to: plan.to });
  return { kind: "rolled_back", from: plan.from, to: plan.to };
}
