import type { DemoState, StoryDeps } from "./context.js";
import { instanceStatus } from "./durable.js";
import { field, show } from "./host-api.js";
import { seconds } from "./narration.js";
import { finished, reasonFor, watchPromotion } from "./promotion-flow.js";
import { aliasVersion, BOB, promotionProblem, startPromotion, type PromotionView } from "./promotions.js";
import { StepError, type Step } from "./runner.js";

const PAST_DEPLOY = new Set(["promoting", "smoke", "promoted"]);

/**
 * Which model holds `champion` on `version`: the target's model the promotion names (a version copied
 * across catalogs, e.g. staging.ml.churn → prod.ml.churn), else the target's model of the sidecar, else
 * the promoted model itself (targets sharing one model).
 */
async function holder(deps: StoryDeps, view: PromotionView, version: string): Promise<string | undefined> {
  const named = field(view.result, "targetModel");
  const candidates = [typeof named === "string" ? named : undefined, deps.models[deps.to], view.input?.model];
  for (const model of new Set(candidates.filter((m): m is string => m !== undefined))) {
    if ((await aliasVersion(deps.mlflowUrl, model, "champion")) === version) return model;
  }
  return undefined;
}

/** Deploy to prod, champion and rollback, each read from the promotion API, the durable API and MLflow. */
export function prodSteps(deps: StoryDeps): Step<DemoState>[] {
  return [
    {
      name: "deploy-prod",
      title: `deploy to ${deps.to} (at the version's commit)`,
      async run(state, ctx) {
        const id = state.promotionId ?? "";
        const view = await watchPromotion(
          deps,
          ctx,
          id,
          "promoted",
          (v) => !v.running || PAST_DEPLOY.has(v.status),
        );
        const problem = promotionProblem(view, "promoted");
        if (problem !== undefined) throw new StepError(problem);
        // DeployCommit's instance id (wiring contract): `<parent>:deploy:<bundle>:<target>`.
        const sub = await instanceStatus(deps.api, `${id}:deploy:${deps.bundle}:${deps.to}`);
        if (sub === undefined)
          return `${deps.bundle} deployed to ${deps.to}; the promotion moved on to ${view.status}`;
        if (field(sub.output, "kind") !== "deployed")
          throw new StepError(`DeployCommit ${sub.instanceId}: ${JSON.stringify(sub.output)}`);
        const c = (field(sub.output, "counts") ?? {}) as Record<string, number>;
        return `${deps.bundle} deployed to ${deps.to} by ${sub.instanceId} (${c.add ?? 0} added, ${c.change ?? 0} changed)`;
      },
    },
    {
      name: "champion",
      title: "champion alias moves to the promoted version",
      async run(state, ctx) {
        const view = await watchPromotion(deps, ctx, state.promotionId ?? "", "promoted", finished);
        const problem = promotionProblem(view, "promoted");
        if (problem !== undefined) throw new StepError(problem);
        // The version in the target's model: a copy has its own number there (targetVersion).
        const version = show(field(view.result, "targetVersion") ?? field(view.result, "version"));
        const model = await holder(deps, view, version);
        if (model === undefined)
          throw new StepError(
            `the promotion says promoted, but MLflow shows no champion on version ${version}`,
          );
        state.championModel = model;
        state.completedMs = Date.parse(view.updatedAt) - (state.approvedAt ?? Date.parse(view.updatedAt));
        return `version ${version} is champion of ${model}; done ${seconds(state.completedMs)} after approval`;
      },
    },
    {
      name: "rollback",
      title: "roll back the champion (as bob)",
      async run(state, ctx) {
        const model = state.championModel ?? "";
        const body = { model, target: deps.to, reason: reasonFor(deps, "roll back the demo's promotion") };
        const id = await startPromotion(deps.api, "/api/promotions/rollback", body, BOB);
        ctx.progress(`POST /api/promotions/rollback as bob → 202, ${id}`);
        const view = await watchPromotion(deps, ctx, id, "rolled_back", finished);
        const problem = promotionProblem(view, "rolled_back");
        if (problem !== undefined) throw new StepError(problem);
        const [from, to] = [String(field(view.result, "from")), String(field(view.result, "to"))];
        const now = await aliasVersion(deps.mlflowUrl, model, "champion");
        if (now !== to)
          throw new StepError(`the rollback says ${from} → ${to}, but MLflow shows champion ${String(now)}`);
        return `champion of ${model} back from version ${from} to ${to}`;
      },
    },
  ];
}
