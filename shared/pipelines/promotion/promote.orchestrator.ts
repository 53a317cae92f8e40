import type { OrchestrationContext, Task } from "durable-functions";
import { callActivity } from "../../durable/call-activity.js";
import { orchestrationLogger } from "../../durable/orchestration-logger.js";
import { applyPromotion, type ApplyOutcome } from "./apply.orchestrator.js";
import { awaitDecision, type Decision } from "./approval-wait.orchestrator.js";
import { reportPromotion } from "./report-promotion.orchestrator.js";
import type { LedgerRecord } from "./ledger.js";
import {
  AppendLedgerRecord,
  PreflightPromotion,
  type Person,
  type PromotionInput,
} from "./promotion.contracts.js";

/** The orchestration's output: what happened and who decided. Expected outcomes are data. */
export type PromotionOutput =
  | { readonly kind: "refused"; readonly reasons: readonly string[] }
  | { readonly kind: "rejected" | "canceled"; readonly by: Person; readonly comment: string | null }
  | { readonly kind: "timed_out"; readonly deadline: string }
  | {
      readonly kind: "promoted";
      readonly version: string;
      /** The champion version in the target's model: `version` itself, or its copy there. */
      readonly targetVersion: string;
      readonly targetModel: string;
      readonly championBefore: string | null;
      readonly commit: string;
    }
  | ({ readonly version: string } & Extract<ApplyOutcome, { kind: "failed" }>);

/**
 * `promote` (issue #8): preflight → wait for a second person's approval against a deadline → deploy
 * the bundle at the version's commit, flip champion, drop challenger, smoke test, compensating on
 * failure → one ledger record for every ending, refusals and timeouts included.
 */
export function* promoteOrchestrator(ctx: OrchestrationContext): Generator<Task, PromotionOutput, unknown> {
  const input = ctx.df.getInput<PromotionInput>();
  const log = orchestrationLogger(ctx, { model: input.model, target: input.to, bundle: input.bundle });
  const base = { requester: input.requester, from: input.from, to: input.to, model: input.model };

  ctx.df.setCustomStatus({ step: "preflight", ...base });
  const ready = yield* callActivity(ctx, PreflightPromotion, {
    bundle: input.bundle,
    model: input.model,
    from: input.from,
    to: input.to,
    ...(input.version === undefined ? {} : { version: input.version }),
  });
  if (ready.kind === "refused") {
    log.warn("promotion refused by preflight", { reasons: ready.reasons });
    // In the ledger of the target's model, as every other ending; the requested model beside it.
    yield* record(ctx, input, {
      outcome: "refused",
      model: ready.targetModel ?? input.model,
      versionBefore: null,
      versionAfter: null,
      commit: null,
      sourceModel: input.model,
      sourceVersion: ready.version ?? input.version ?? null,
    });
    ctx.df.setCustomStatus({ step: "done", ...base });
    return { kind: "refused", reasons: ready.reasons };
  }

  const deadline = new Date(ctx.df.currentUtcDateTime.getTime() + input.approvalTimeoutSeconds * 1_000);
  ctx.df.setCustomStatus({
    step: "awaiting_approval",
    ...base,
    version: ready.version,
    commit: ready.commit,
    championBefore: ready.championBefore,
    deadline: deadline.toISOString(),
  });
  log.info("promotion awaiting approval", { version: ready.version, deadline: deadline.toISOString() });
  const decision = yield* awaitDecision(ctx, input, ready, log);
  // The ledger is the champion history of the target's model; the source version is kept beside it.
  const unchanged = {
    model: ready.targetModel,
    versionBefore: ready.championBefore,
    versionAfter: ready.championBefore,
    commit: ready.commit,
    sourceModel: ready.sourceModel,
    sourceVersion: ready.version,
  };
  if (decision.kind !== "approved") {
    yield* record(ctx, input, { outcome: decision.kind, ...unchanged }, decision);
    ctx.df.setCustomStatus({ step: "done", ...base, version: ready.version });
    if (decision.kind === "timed_out") return { kind: "timed_out", deadline: deadline.toISOString() };
    return { kind: decision.kind, by: decision.by, comment: decision.comment };
  }

  log.info("promotion approved", { by: decision.by.id, version: ready.version });
  const applied = yield* applyPromotion(ctx, input, ready, log);
  yield* reportPromotion(ctx, input, ready, applied, decision.by, log);
  ctx.df.setCustomStatus({ step: "done", ...base, version: ready.version });
  if (applied.kind === "failed") {
    // Champion is back where it was only if every undo step ran.
    const after = applied.compensationErrors.length === 0 ? ready.championBefore : null;
    yield* record(ctx, input, { outcome: "failed", ...unchanged, versionAfter: after }, decision);
    return { ...applied, version: ready.version };
  }
  const { targetVersion } = applied;
  yield* record(ctx, input, { outcome: "promoted", ...unchanged, versionAfter: targetVersion }, decision);
  log.info("promotion done", { version: ready.version, targetVersion, championBefore: ready.championBefore });
  return {
    kind: "promoted",
    version: ready.version,
    targetVersion,
    targetModel: ready.targetModel,
    championBefore: ready.championBefore,
    commit: ready.commit,
  };
}

type Ending = Pick<LedgerRecord, "outcome" | "model" | "versionBefore" | "versionAfter" | "commit"> &
  Pick<LedgerRecord, "sourceModel" | "sourceVersion">;

function* record(
  ctx: OrchestrationContext,
  input: PromotionInput,
  ending: Ending,
  decision?: Decision,
): Generator<Task, void, unknown> {
  const decided = decision !== undefined && decision.kind !== "timed_out" ? decision : undefined;
  const entry: LedgerRecord = {
    id: input.recordId,
    kind: "promotion",
    ...ending,
    bundle: input.bundle,
    from: input.from,
    target: input.to,
    requester: input.requester,
    approver: decided?.kind === "approved" || decided?.kind === "rejected" ? decided.by : null,
    requestedAt: input.requestedAt,
    decidedAt: decision?.at ?? null,
    finishedAt: ctx.df.currentUtcDateTime.toISOString(),
    reason: input.reason,
    comment: decided?.comment ?? null,
    instanceId: ctx.df.instanceId,
  };
  yield* callActivity(ctx, AppendLedgerRecord, { record: entry });
}
