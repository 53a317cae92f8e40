import type { PipelineConfig } from "../config/schema.js";
import type { PreflightOutcome } from "./promotion.contracts.js";
import type { RunInfo, VersionInfo } from "./registry.js";

/** Lineage tags the register job writes (bundles/churn/churn/tracking.py). */
export const LINEAGE_TAGS = ["commit_sha", "orchestration_id"] as const;
const COMMIT = /^[0-9a-f]{7,40}$/;

/** Why `from → to` is not a step of the bundle's promotion path, or undefined when it is. */
export function routeProblem(config: PipelineConfig, from: string, to: string): string | undefined {
  const path = config.promotion.path;
  const i = path.indexOf(from);
  const j = path.indexOf(to);
  if (j < 0) return `target ${to} is not on the promotion path (${path.join(" → ")})`;
  // The first target takes versions from where they were registered, so `from` may be off-path for it.
  if (i < 0 ? j !== 0 : j !== i + 1)
    return `${to} is not reachable from ${from} (promotion path ${path.join(" → ")})`;
  return undefined;
}

export interface PreflightFacts {
  readonly config: PipelineConfig;
  readonly from: string;
  readonly to: string;
  readonly model: string;
  readonly version: VersionInfo | null;
  readonly requestedVersion: string;
  readonly run: RunInfo | null;
  /** Champion of the `to` target's model. */
  readonly championBefore: string | null;
  readonly previousCommit: string | null;
  /** Repositories the commit may live in: the run's `git_repository` tag, else the routing setting's. */
  readonly repositories: readonly string[];
}

/** Run tag naming the repository of `commit_sha`, for setups that push from several repositories. */
export const REPOSITORY_TAG = "git_repository";

/** Decides from gathered facts; every problem is reported at once so one fix-up is enough. */
export function decidePreflight(f: PreflightFacts): PreflightOutcome {
  const reasons: string[] = [];
  const route = routeProblem(f.config, f.from, f.to);
  if (route !== undefined) reasons.push(route);
  const source = f.config.models[f.from];
  const target = f.config.models[f.to];
  if (source !== f.model) reasons.push(`model ${f.model} is not the model of ${f.from} (${String(source)})`);
  // Separate models per target (staging.ml.churn → prod.ml.churn): apply copies the version over.
  const targetModel = target ?? f.model;
  const { version, run } = f;
  const refused = { kind: "refused" as const, targetModel, version: f.requestedVersion };
  if (version === null) {
    reasons.push(`version ${f.requestedVersion} of ${f.model} does not exist`);
    return { ...refused, reasons };
  }
  const tags = { ...run?.tags, ...version.tags };
  const missing = LINEAGE_TAGS.filter((t) => (tags[t] ?? "").trim() === "");
  if (missing.length > 0)
    reasons.push(`version ${version.version} has no lineage tags: ${missing.join(", ")}`);
  if (run === null || run.metrics.gate_passed !== 1) {
    reasons.push(`version ${version.version} did not pass the gate (gate_passed is not 1 on its run)`);
  }
  const commit = tags.commit_sha ?? "";
  if (missing.length === 0 && !COMMIT.test(commit)) reasons.push(`commit "${commit}" is not a git SHA`);
  if (targetModel === f.model && f.championBefore === version.version)
    reasons.push(`version ${version.version} is champion already`);
  const tagged = tags[REPOSITORY_TAG]?.trim();
  const repositories = tagged ? [tagged] : f.repositories;
  if (repositories.length !== 1)
    reasons.push(
      repositories.length === 0
        ? `no repository known for commit ${commit}: tag the run with ${REPOSITORY_TAG} or set GITHUB_DEPLOY_ROUTING`
        : `commit ${commit} may be in any of ${repositories.join(", ")}: tag the run with ${REPOSITORY_TAG}`,
    );
  if (reasons.length > 0) return { ...refused, reasons };
  const smoke = f.config.promotion.smoke;
  return {
    kind: "ready",
    version: version.version,
    commit,
    runId: version.runId ?? "",
    championBefore: f.championBefore,
    previousCommit: f.previousCommit,
    aliases: { champion: f.config.promotion.champion_alias, challenger: f.config.register.alias },
    sourceModel: f.model,
    targetModel,
    repository: repositories[0] ?? "",
    smoke: smoke === undefined ? null : { job: smoke.job, timeoutSeconds: smoke.timeout },
  };
}
