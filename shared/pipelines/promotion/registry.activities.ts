import type { ActivityContract } from "../../durable/contracts.js";
import type { ActivityFn } from "../../durable/implement.js";
import { NotFoundError } from "../../errors/taxonomy.js";
import type { GetModelAlias, RemoveModelAlias, ResolveBundleJob, SetModelAlias } from "./apply.contracts.js";
import type { PromotionActivityDeps } from "./promotion.activities.js";

type Fn<C> = C extends ActivityContract<infer In, infer Out> ? ActivityFn<In, Out> : never;

/**
 * Activities that change or read a target's registry, and the smoke job lookup. Each is safe to run
 * twice: alias writes set the same value again, removal of a missing alias succeeds. The version copy
 * is in copy.activities.ts.
 */
export function createRegistryActivities(deps: Pick<PromotionActivityDeps, "registryFor" | "jobs">) {
  const setAlias: Fn<typeof SetModelAlias> = async ({ target, model, alias, version }) => {
    const registry = deps.registryFor(target);
    const previous = await registry.versionByAlias(model, alias);
    if (previous !== version) await registry.setAlias(model, alias, version);
    return { previous };
  };
  const removeAlias: Fn<typeof RemoveModelAlias> = async ({ target, model, alias, version }) => {
    const registry = deps.registryFor(target);
    // Only if it still points at our version: a newer challenger registered meanwhile stays.
    if ((await registry.versionByAlias(model, alias)) !== version) return { removed: false };
    await registry.deleteAlias(model, alias);
    return { removed: true };
  };
  const getAlias: Fn<typeof GetModelAlias> = async ({ target, model, alias }) => ({
    version: await deps.registryFor(target).versionByAlias(model, alias),
  });
  const resolveJob: Fn<typeof ResolveBundleJob> = async ({ bundle, target, job }) => {
    const jobId = await deps.jobs.jobId(bundle, target, job);
    if (jobId === null) {
      throw new NotFoundError(`Job ${job} of bundle ${bundle} is not in ${target}'s deployment state`);
    }
    return { jobId };
  };
  return { setAlias, removeAlias, getAlias, resolveJob };
}
