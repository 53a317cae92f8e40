import type { ActivityContract } from "../../durable/contracts.js";
import type { ActivityFn } from "../../durable/implement.js";
import { NotFoundError } from "../../errors/taxonomy.js";
import type {
  CopyModelVersion,
  GetModelAlias,
  RemoveModelAlias,
  ResolveBundleJob,
  SetModelAlias,
} from "./apply.contracts.js";
import { LINEAGE_TAGS } from "./preflight.js";
import type { PromotionActivityDeps } from "./promotion.activities.js";
import { copyTags } from "./registry-copy.js";

type Fn<C> = C extends ActivityContract<infer In, infer Out> ? ActivityFn<In, Out> : never;

/** Lineage tags a copy carries besides the required ones (bundles/churn/churn/tracking.py). */
const COPIED_TAGS = [...LINEAGE_TAGS, "data_paths", "git_repository"] as const;

/**
 * Activities that change or read a target's registry, and the smoke job lookup. Each is safe to run
 * twice: alias writes set the same value again, removal of a missing alias succeeds, a copy is found
 * by its marker tag before a new one is made.
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
  const copyVersion: Fn<typeof CopyModelVersion> = async ({ from, to }) => {
    const marker = `${from.model}/${from.version}`;
    const destination = deps.registryFor(to.target);
    const existing = await destination.findCopy(to.model, marker);
    if (existing !== null) return { version: existing, created: false };
    const source = deps.registryFor(from.target);
    const version = await source.getVersion(from.model, from.version);
    if (version === null) throw new NotFoundError(`Version ${marker} does not exist`);
    const run = version.runId === null ? null : await source.getRun(version.runId);
    await destination.ensureModel(to.model);
    const tags = copyTags(version, run, marker, COPIED_TAGS);
    const created = await destination.createVersion(to.model, `models:/${marker}`, version.runId, tags);
    return { version: created, created: true };
  };
  const resolveJob: Fn<typeof ResolveBundleJob> = async ({ bundle, target, job }) => {
    const jobId = await deps.jobs.jobId(bundle, target, job);
    if (jobId === null) {
      throw new NotFoundError(`Job ${job} of bundle ${bundle} is not in ${target}'s deployment state`);
    }
    return { jobId };
  };
  return { setAlias, removeAlias, getAlias, copyVersion, resolveJob };
}
