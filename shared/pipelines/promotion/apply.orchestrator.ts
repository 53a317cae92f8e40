import type { OrchestrationContext, Task } from "durable-functions";
import { callActivity } from "../../durable/call-activity.js";
import type { orchestrationLogger } from "../../durable/orchestration-logger.js";
import { RemoveModelAlias, SetModelAlias, type AliasRef } from "./apply.contracts.js";
import { deployChildId, deployCommit, runSmoke, type Ready } from "./apply-steps.orchestrator.js";
import { copyVersion } from "./copy.orchestrator.js";
import type { PromotionInput } from "./promotion.contracts.js";

export type ApplyStep = "deploy" | "copy" | "champion" | "challenger" | "smoke";

/** How applying an approved promotion ended. */
export type ApplyOutcome = (
  | {
      readonly kind: "promoted";
      /** The version now holding champion in the target model (a copy when the models differ). */
      readonly targetVersion: string;
    }
  | {
      readonly kind: "failed";
      readonly step: ApplyStep;
      readonly message: string;
      /** Undo steps that ran, in order, e.g. `restore champion 3`. */
      readonly compensated: readonly string[];
      /** Undo steps that failed themselves: production needs a person. */
      readonly compensationErrors: readonly string[];
    }
) & {
  /** The promoted commit's DeployCommit child: its GitHub check and deployment are keyed by this id. */
  readonly deployInstanceId: string;
};

interface Undo {
  readonly name: string;
  readonly run: () => Generator<Task, void, unknown>;
}

type Logger = ReturnType<typeof orchestrationLogger>;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Deploy the bundle at the version's commit, copy the version into the target's model when the targets
 * use separate models, flip champion there, drop challenger in the source model, run the smoke job.
 * Each change pushes its undo first (a failed deploy may have applied part of the plan); on a failure
 * the undo steps run newest first (saga) and the outcome says what was restored and what could not be.
 * The copy has no undo: an extra version changes nothing, and a later attempt finds and reuses it.
 */
export function* applyPromotion(
  ctx: OrchestrationContext,
  input: PromotionInput,
  ready: Ready,
  log: Logger,
): Generator<Task, ApplyOutcome, unknown> {
  const champion: AliasRef = { target: input.to, model: ready.targetModel, alias: ready.aliases.champion };
  const challenger: AliasRef = {
    target: input.from,
    model: ready.sourceModel,
    alias: ready.aliases.challenger,
  };
  const undo: Undo[] = [];
  let step: ApplyStep = "deploy";
  const deployKey = ctx.df.newGuid(ctx.df.instanceId);
  const deployInstanceId = deployChildId(ctx, input, deployKey);
  try {
    ctx.df.setCustomStatus({ step: "deploying", version: ready.version, commit: ready.commit });
    const previousCommit = ready.previousCommit;
    if (previousCommit !== null && previousCommit !== ready.commit) {
      undo.push({
        name: `redeploy ${previousCommit}`,
        run: () => deployCommit(ctx, input, ready, previousCommit, "rollback"),
      });
    }
    yield* deployCommit(ctx, input, ready, ready.commit, "promotion", deployKey);

    let targetVersion = ready.version;
    if (ready.targetModel !== ready.sourceModel) {
      step = "copy";
      ctx.df.setCustomStatus({ step: "promoting", version: ready.version, copyTo: ready.targetModel });
      targetVersion = yield* copyVersion(ctx, input, ready);
    }

    step = "champion";
    ctx.df.setCustomStatus({ step: "promoting", version: ready.version, targetVersion });
    const before = ready.championBefore;
    undo.push(
      before === null
        ? { name: `remove ${champion.alias}`, run: () => removeAlias(ctx, champion, targetVersion) }
        : { name: `restore ${champion.alias} ${before}`, run: () => setAlias(ctx, champion, before) },
    );
    yield* callActivity(ctx, SetModelAlias, { ...champion, version: targetVersion });

    step = "challenger";
    undo.push({
      name: `restore ${challenger.alias} ${ready.version}`,
      run: () => setAlias(ctx, challenger, ready.version),
    });
    yield* callActivity(ctx, RemoveModelAlias, { ...challenger, version: ready.version });

    if (ready.smoke !== null) {
      step = "smoke";
      ctx.df.setCustomStatus({ step: "smoke", job: ready.smoke.job });
      yield* runSmoke(ctx, input, ready.smoke);
    }
    return { kind: "promoted", targetVersion, deployInstanceId };
  } catch (err) {
    log.error("promotion step failed; compensating", { step, error: messageOf(err) });
    ctx.df.setCustomStatus({ step: "compensating", failed: step });
    const compensated: string[] = [];
    const compensationErrors: string[] = [];
    for (const u of undo.reverse()) {
      try {
        yield* u.run();
        compensated.push(u.name);
      } catch (undoErr) {
        compensationErrors.push(`${u.name}: ${messageOf(undoErr)}`);
      }
    }
    return {
      kind: "failed",
      step,
      message: messageOf(err),
      compensated,
      compensationErrors,
      deployInstanceId,
    };
  }
}

function* setAlias(
  ctx: OrchestrationContext,
  ref: AliasRef,
  version: string,
): Generator<Task, void, unknown> {
  yield* callActivity(ctx, SetModelAlias, { ...ref, version });
}

function* removeAlias(
  ctx: OrchestrationContext,
  ref: AliasRef,
  version: string,
): Generator<Task, void, unknown> {
  yield* callActivity(ctx, RemoveModelAlias, { ...ref, version });
}
