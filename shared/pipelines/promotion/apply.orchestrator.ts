import type { OrchestrationContext, Task } from "durable-functions";
import { callActivity } from "../../durable/call-activity.js";
import type { orchestrationLogger } from "../../durable/orchestration-logger.js";
import {
  DeployPromotedBundle,
  RemoveModelAlias,
  RunSmokeJob,
  SetModelAlias,
  type DeployPromotedBundleInput,
  type PreflightOutcome,
  type PromotionInput,
} from "./promotion.contracts.js";

type Ready = Extract<PreflightOutcome, { kind: "ready" }>;
export type ApplyStep = "deploy" | "champion" | "challenger" | "smoke";

/** How applying an approved promotion ended. */
export type ApplyOutcome =
  | { readonly kind: "promoted" }
  | {
      readonly kind: "failed";
      readonly step: ApplyStep;
      readonly message: string;
      /** Undo steps that ran, in order, e.g. `restore champion 3`. */
      readonly compensated: readonly string[];
      /** Undo steps that failed themselves: production needs a person. */
      readonly compensationErrors: readonly string[];
    };

interface Undo {
  readonly name: string;
  readonly run: () => Generator<Task, void, unknown>;
}

class StepFailed extends Error {}

type Logger = ReturnType<typeof orchestrationLogger>;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Deploy the bundle at the version's commit, flip champion, drop challenger, run the smoke job. Each
 * change pushes its undo first (a failed deploy may have applied part of the plan); on a failure the
 * undo steps run newest first (saga) and the outcome says what was restored and what could not be.
 */
export function* applyPromotion(
  ctx: OrchestrationContext,
  input: PromotionInput,
  ready: Ready,
  log: Logger,
): Generator<Task, ApplyOutcome, unknown> {
  const { model } = input;
  const { champion, challenger } = ready.aliases;
  const undo: Undo[] = [];
  let step: ApplyStep = "deploy";
  try {
    ctx.df.setCustomStatus({ step: "deploying", version: ready.version, commit: ready.commit });
    const previousCommit = ready.previousCommit;
    if (previousCommit !== null && previousCommit !== ready.commit) {
      undo.push({
        name: `redeploy ${previousCommit}`,
        run: () => redeploy(ctx, { ...deployOf(input), commit: previousCommit }),
      });
    }
    const deployed = yield* callActivity(ctx, DeployPromotedBundle, {
      ...deployOf(input),
      commit: ready.commit,
    });
    if (deployed.kind === "failed") throw new StepFailed(deployed.message);

    step = "champion";
    ctx.df.setCustomStatus({ step: "promoting", version: ready.version });
    const before = ready.championBefore;
    undo.push(
      before === null
        ? { name: `remove ${champion}`, run: () => removeAlias(ctx, model, champion, ready.version) }
        : { name: `restore ${champion} ${before}`, run: () => setAlias(ctx, model, champion, before) },
    );
    yield* callActivity(ctx, SetModelAlias, { model, alias: champion, version: ready.version });

    step = "challenger";
    undo.push({
      name: `restore ${challenger} ${ready.version}`,
      run: () => setAlias(ctx, model, challenger, ready.version),
    });
    yield* callActivity(ctx, RemoveModelAlias, { model, alias: challenger, version: ready.version });

    if (input.smokeJob !== undefined) {
      step = "smoke";
      ctx.df.setCustomStatus({ step: "smoke", job: input.smokeJob });
      const smoke = yield* callActivity(ctx, RunSmokeJob, { ...deployOf(input), job: input.smokeJob });
      if (smoke.kind === "failed") throw new StepFailed(smoke.message);
    }
    return { kind: "promoted" };
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
    return { kind: "failed", step, message: messageOf(err), compensated, compensationErrors };
  }
}

function deployOf(input: PromotionInput): Omit<DeployPromotedBundleInput, "commit"> {
  return { promotionId: input.promotionId, bundle: input.bundle, target: input.to };
}

function* redeploy(
  ctx: OrchestrationContext,
  data: DeployPromotedBundleInput,
): Generator<Task, void, unknown> {
  const outcome = yield* callActivity(ctx, DeployPromotedBundle, data);
  if (outcome.kind === "failed") throw new StepFailed(outcome.message);
}

function* setAlias(
  ctx: OrchestrationContext,
  model: string,
  name: string,
  version: string,
): Generator<Task, void, unknown> {
  yield* callActivity(ctx, SetModelAlias, { model, alias: name, version });
}

function* removeAlias(
  ctx: OrchestrationContext,
  model: string,
  name: string,
  version: string,
): Generator<Task, void, unknown> {
  yield* callActivity(ctx, RemoveModelAlias, { model, alias: name, version });
}
