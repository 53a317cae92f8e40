import type { DemoState, StoryDeps } from "./context.js";
import { poll } from "./context.js";
import {
  ALICE,
  BOB,
  decide,
  getPromotion,
  promotionProblem,
  startPromotion,
  type PromotionView,
} from "./promotions.js";
import { StepError, type StepContext } from "./runner.js";

/** The reason of this run's promotions: carries the run token, since instance ids repeat per model and target. */
export const reasonFor = (deps: StoryDeps, what: string): string => `npm run demo ${deps.runToken}: ${what}`;

/**
 * Polls `GET /api/promotions/{id}` (as the requester) until `until` holds for this run's instance; a
 * finished instance that is not what was wanted fails with its reasons.
 */
export function watchPromotion(
  deps: StoryDeps,
  ctx: StepContext,
  id: string,
  wanted: "promoted" | "rolled_back",
  until: (view: PromotionView) => boolean,
): Promise<PromotionView> {
  return poll(deps, ctx, `${id} to reach the expected state`, deps.timeouts.promotionMs, async () => {
    const view = await getPromotion(deps.api, id, ALICE);
    if (!(view.input?.reason ?? "").includes(deps.runToken))
      return { done: false, note: "the instance of an earlier run is still shown" };
    if (until(view)) return { done: true, value: view };
    const problem = promotionProblem(view, wanted);
    if (problem !== undefined) throw new StepError(problem);
    return { done: false, note: `${view.kind} ${view.status}` };
  });
}

export const awaitingApproval = (view: PromotionView): boolean => view.status === "awaiting_approval";
export const finished = (view: PromotionView): boolean => !view.running;

/** Starts the promotion of `version` of `model` as alice and waits until it waits for an approver. */
export async function requestPromotion(
  deps: StoryDeps,
  ctx: StepContext,
  model: string,
  version: string,
  reason: string,
): Promise<PromotionView> {
  const body = {
    bundle: deps.bundle,
    model,
    version,
    from: deps.from,
    to: deps.to,
    reason: reasonFor(deps, reason),
  };
  const id = await startPromotion(deps.api, "/api/promotions", body, ALICE);
  ctx.progress(`POST /api/promotions as alice → 202, promotion ${id}`);
  return watchPromotion(deps, ctx, id, "promoted", awaitingApproval);
}

/** The baseline round: promote the older version with a second person's approval, so rollback has a target. */
export async function promoteBaseline(deps: StoryDeps, state: DemoState, ctx: StepContext): Promise<string> {
  const baseline = state.registered.find((r) => r.role === "baseline");
  if (baseline === undefined) {
    return state.championBefore === null
      ? "skipped: no baseline version was registered"
      : `skipped: ${deps.to} has a champion already (version ${state.championBefore})`;
  }
  const waiting = await requestPromotion(
    deps,
    ctx,
    baseline.model,
    baseline.version,
    "first champion, so rollback has a version to return to",
  );
  await decide(deps.api, waiting.id, BOB, "baseline for the demo");
  ctx.progress("approved by bob");
  const done = await watchPromotion(deps, ctx, waiting.id, "promoted", finished);
  const problem = promotionProblem(done, "promoted");
  if (problem !== undefined) throw new StepError(problem);
  return `version ${baseline.version} of ${baseline.model} is the first champion on ${deps.to}`;
}
