import { join } from "node:path";
import type { DemoState, StoryDeps } from "./context.js";
import { poll } from "./context.js";
import { getPipeline, listPipelines, pipelineNote, pipelineProblem } from "./pipelines.js";
import { aliasVersion } from "./promotions.js";
import { StepError, type Step, type StepContext } from "./runner.js";
import { landSample, utcDate } from "./sample-data.js";

/** Azurite's stand-in for the staging lake (bundles/churn/orchestrator.yml, trigger customers-local-staging). */
export const STAGING_LAKE_ROOT = "landing-staging/churn/customers";

/** Lands one sample partition and returns the pipeline it started (one not in `known`). */
async function landOne(deps: StoryDeps, ctx: StepContext, known: Set<string>, date: string, seed: number) {
  const landed = await landSample({
    python: deps.python,
    bundleRoot: join(deps.root, "bundles", deps.bundle),
    connectionString: deps.azurite.connectionString,
    account: deps.azurite.account,
    lakeRoot: STAGING_LAKE_ROOT,
    partition: { date, seed },
  });
  ctx.progress(`landed ${landed.files} files and _SUCCESS in ${landed.where}`);
  const id = await poll(deps, ctx, `a pipeline for ${landed.where}`, deps.timeouts.deployMs, async () => {
    const fresh = (await listPipelines(deps.api, deps.bundle, deps.from))
      .filter((p) => !known.has(p.instanceId))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const first = fresh[0];
    return first === undefined
      ? { done: false, note: "waiting for the Event Grid emulator and the debounce to start a pipeline" }
      : { done: true, value: first.instanceId };
  });
  known.add(id);
  ctx.progress(`pipeline ${id} started for date=${date}`);
  return id;
}

/**
 * Land data: today's sample partition. Rollback needs an earlier champion to return to, so on a stack whose
 * target has none yet, yesterday's partition lands first and its pipeline runs to the end before today's
 * lands: two pipelines registering at once would move `challenger` under each other.
 */
export function landStep(deps: StoryDeps): Step<DemoState> {
  return {
    name: "land",
    title: `land data in ${STAGING_LAKE_ROOT} (Event Grid → pipeline)`,
    async run(state, ctx) {
      const known = new Set((await listPipelines(deps.api, deps.bundle, deps.from)).map((p) => p.instanceId));
      for (const model of new Set([deps.models[deps.to], deps.models[deps.from]])) {
        if (model === undefined || state.championBefore !== null) continue;
        state.championBefore = await aliasVersion(deps.mlflowUrl, model, "champion");
      }
      const seed = 1 + (Math.floor(deps.now() / 1000) % 9000);
      if (state.championBefore === null) {
        ctx.progress(`${deps.to} has no champion yet: yesterday's partition lands first as the baseline`);
        const date = utcDate(deps.now(), 1);
        const id = await landOne(deps, ctx, known, date, seed + 1);
        state.pipelines.push({ role: "baseline", instanceId: id, date });
        const view = await poll(deps, ctx, `baseline pipeline ${id}`, deps.timeouts.pipelineMs, async () => {
          const v = await getPipeline(deps.api, id);
          const problem = pipelineProblem(v, "register");
          if (problem !== undefined) throw new StepError(`baseline: ${problem}`);
          return v.outcome === "registered"
            ? { done: true, value: v }
            : { done: false, note: `baseline ${pipelineNote(v)}` };
        });
        ctx.progress(`baseline registered ${view.model?.name ?? "?"} version ${view.model?.version ?? "?"}`);
      }
      const date = utcDate(deps.now());
      const id = await landOne(deps, ctx, known, date, seed);
      state.pipelines.push({ role: "main", instanceId: id, date });
      const baseline = state.pipelines.length > 1 ? "baseline registered; " : "";
      return `${baseline}pipeline ${id} started for date=${date}`;
    },
  };
}
