import { join } from "node:path";
import type { DemoState, StoryDeps } from "./context.js";
import { poll } from "./context.js";
import { listPipelines } from "./pipelines.js";
import { aliasVersion } from "./promotions.js";
import type { Step } from "./runner.js";
import { landSample, utcDate } from "./sample-data.js";

/** Azurite's stand-in for the staging lake (bundles/churn/orchestrator.yml, trigger customers-local-staging). */
export const STAGING_LAKE_ROOT = "landing-staging/churn/customers";

/**
 * Land data: the sample partition of today. Rollback needs an earlier champion to return to, so on a stack
 * whose target has none yet, yesterday's partition lands first and becomes the first champion.
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
      const roles: ("baseline" | "main")[] = state.championBefore === null ? ["baseline", "main"] : ["main"];
      if (roles.length === 2)
        ctx.progress(`${deps.to} has no champion yet: yesterday's partition lands first as the baseline`);
      const seedBase = 1 + (Math.floor(deps.now() / 1000) % 9000);
      for (const [i, role] of roles.entries()) {
        const date = utcDate(deps.now(), roles.length - 1 - i);
        const landed = await landSample({
          python: deps.python,
          bundleRoot: join(deps.root, "bundles", deps.bundle),
          connectionString: deps.azurite.connectionString,
          account: deps.azurite.account,
          lakeRoot: STAGING_LAKE_ROOT,
          partition: { date, seed: seedBase + i },
        });
        ctx.progress(`landed ${landed.files} files and _SUCCESS in ${landed.where}`);
        const instanceId = await poll(
          deps,
          ctx,
          `a pipeline for ${landed.where}`,
          deps.timeouts.deployMs,
          async () => {
            const fresh = (await listPipelines(deps.api, deps.bundle, deps.from))
              .filter((p) => !known.has(p.instanceId))
              .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
            const first = fresh[0];
            return first === undefined
              ? {
                  done: false,
                  note: "waiting for the Event Grid emulator and the debounce to start a pipeline",
                }
              : { done: true, value: first.instanceId };
          },
        );
        known.add(instanceId);
        state.pipelines.push({ role, instanceId, date });
        ctx.progress(`pipeline ${instanceId} started for date=${date}`);
      }
      const main = state.pipelines.find((p) => p.role === "main");
      return `${state.pipelines.length} partition(s) landed; pipeline ${main?.instanceId ?? "?"} (date=${main?.date ?? "?"})`;
    },
  };
}
