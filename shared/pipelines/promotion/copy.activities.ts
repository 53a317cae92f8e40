import { createHash } from "node:crypto";
import { DatabricksError } from "../../databricks/errors.js";
import type { ActivityContract } from "../../durable/contracts.js";
import type { ActivityFn } from "../../durable/implement.js";
import { NotFoundError, UpstreamError } from "../../errors/taxonomy.js";
import type { FindModelCopy, SubmitModelCopy } from "./copy.contracts.js";
import type { CopyRunner } from "./copy-run.js";
import { LINEAGE_TAGS } from "./preflight.js";
import type { PromotionActivityDeps } from "./promotion.activities.js";
import { copyTags } from "./registry-copy.js";

type Fn<C> = C extends ActivityContract<infer In, infer Out> ? ActivityFn<In, Out> : never;

/** Lineage tags a copy carries besides the required ones (bundles/churn/churn/tracking.py). */
const COPIED_TAGS = [...LINEAGE_TAGS, "data_paths", "git_repository"] as const;

/** 64 characters at most (the Jobs API's limit), one per promotion record and source version. */
export function copyRunToken(recordId: string, marker: string): string {
  return `copy-${createHash("sha256").update(`${recordId}\n${marker}`).digest("hex").slice(0, 48)}`;
}

/** Refusals retrying cannot fix (no permission, invalid request) come back to the orchestrator as data. */
function refusal(err: unknown): unknown {
  if (!(err instanceof DatabricksError) || err.retryable) return err;
  return new UpstreamError(`Databricks refused the copy run: ${err.errorCode} ${err.message}`, {
    code: `DATABRICKS_${err.errorCode.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}`,
    retryable: false,
    cause: err,
  });
}

export interface CopyActivityDeps extends Pick<PromotionActivityDeps, "registryFor"> {
  /** Starts copy runs in a target's workspace. */
  readonly copyRunnerFor: (target: string) => CopyRunner;
}

/** Finding a copy reads only; submitting carries an idempotency token, so both are safe to repeat. */
export function createCopyActivities(deps: CopyActivityDeps) {
  const findCopy: Fn<typeof FindModelCopy> = async ({ target, model, marker }) => ({
    version: await deps.registryFor(target).findCopy(model, marker),
  });
  const submitCopy: Fn<typeof SubmitModelCopy> = async ({ from, to, recordId }) => {
    const marker = `${from.model}/${from.version}`;
    const source = deps.registryFor(from.target);
    const version = await source.getVersion(from.model, from.version);
    if (version === null) throw new NotFoundError(`Version ${marker} does not exist`);
    const run = version.runId === null ? null : await source.getRun(version.runId);
    try {
      const runId = await deps.copyRunnerFor(to.target).submit({
        sourceModel: from.model,
        sourceVersion: from.version,
        targetModel: to.model,
        tags: copyTags(version, run, COPIED_TAGS),
        idempotencyToken: copyRunToken(recordId, marker),
      });
      return { runId };
    } catch (err) {
      throw refusal(err);
    }
  };
  return { findCopy, submitCopy };
}
