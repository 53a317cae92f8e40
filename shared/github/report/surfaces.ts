import type { DeploymentState, GitHubApi, RepoRef } from "./github-api.js";
import { checkRunUpdate, isBehind } from "./check-run.js";
import { deployCheckName, planLine, type DeployPhase, type DeployReport } from "./deploy-report.js";
import { batches, shortDescription } from "./limits.js";

const repoOf = (r: DeployReport): RepoRef => ({
  repository: r.repository,
  ...(r.installationId === undefined ? {} : { installationId: r.installationId }),
});

/**
 * Creates or updates the `deploy/<target>/<bundle>` check run of this deploy attempt. It looks the run
 * up by name and head SHA and matches `external_id` to the correlation id first, so a retried activity
 * updates the run it created. Annotations go out 50 per request; on a retry of a completed run, the
 * ones GitHub already counts are not sent again (GitHub appends annotations, it never replaces them).
 */
export async function reportCheckRun(api: GitHubApi, r: DeployReport, now: string): Promise<string> {
  const repo = repoOf(r);
  const name = deployCheckName(r.target, r.bundle);
  const existing = (await api.listCheckRuns(repo, r.sha, name)).find(
    (c) => c.external_id === r.correlationId,
  );
  const { fields, annotations } = checkRunUpdate(r, now);
  if (existing !== undefined && isBehind(existing.status, fields.status))
    return `check run ${existing.id} already past ${r.phase}`;
  const sent =
    existing?.status === "completed" && existing.conclusion === fields.conclusion
      ? (existing.output?.annotations_count ?? 0)
      : 0;
  const [first = [], ...rest] = batches(annotations.slice(sent));
  const output = (batch: typeof first) => ({
    ...fields.output,
    ...(batch.length ? { annotations: batch } : {}),
  });
  const run =
    existing === undefined
      ? await api.createCheckRun(repo, { ...fields, name, head_sha: r.sha, output: output(first) })
      : await api.updateCheckRun(repo, existing.id, { ...fields, output: output(first) });
  for (const batch of rest) {
    await api.updateCheckRun(repo, run.id, { output: output(batch) });
  }
  return `check run ${run.id}`;
}

const COMMIT_STATE = {
  queued: "pending",
  in_progress: "pending",
  success: "success",
  failure: "failure",
  skipped: "success",
} as const;
// "inactive": a superseded deploy never ran; GitHub has no "skipped" deployment state.
const DEPLOYMENT_STATE: Readonly<Record<DeployPhase, DeploymentState>> = {
  queued: "queued",
  in_progress: "in_progress",
  success: "success",
  failure: "failure",
  skipped: "inactive",
};

function describe(r: DeployReport): string {
  const plan = r.plan === undefined ? "" : ` (${planLine(r.plan)})`;
  const text = {
    queued: "Queued",
    in_progress: "Deploying",
    success: "Deployed",
    failure: "Failed",
    skipped: "Skipped",
  }[r.phase];
  return shortDescription(
    `${text} ${r.bundle}${plan}${r.message && r.phase !== "success" ? `: ${r.message}` : ""}`,
  );
}

/** The commit status fallback when only a token is configured (a token cannot write check runs). */
export async function reportCommitStatus(api: GitHubApi, r: DeployReport): Promise<string> {
  const context = deployCheckName(r.target, r.bundle);
  await api.createCommitStatus(repoOf(r), r.sha, {
    state: COMMIT_STATE[r.phase],
    context,
    description: describe(r),
    ...(r.environmentUrl === undefined ? {} : { target_url: r.environmentUrl }),
  });
  return `commit status ${context}`;
}

const correlationOf = (payload: unknown): unknown => {
  if (typeof payload === "string") {
    try {
      return correlationOf(JSON.parse(payload) as unknown);
    } catch {
      return undefined;
    }
  }
  return typeof payload === "object" && payload !== null
    ? (payload as Record<string, unknown>).correlationId
    : undefined;
};

/**
 * The GitHub Deployment of this attempt in the target's environment, found by (sha, environment,
 * payload.correlationId) before creating one, plus a status for the phase. A superseded deploy that never
 * got a deployment gets none: an environment's history should list deploys, not queue churn.
 */
export async function reportDeployment(api: GitHubApi, r: DeployReport): Promise<string> {
  const repo = repoOf(r);
  const found = (await api.listDeployments(repo, r.sha, r.target)).find(
    (d) => correlationOf(d.payload) === r.correlationId,
  );
  if (found === undefined && r.phase === "skipped") return "no deployment (skipped before it started)";
  const deployment =
    found ??
    (await api.createDeployment(repo, {
      ref: r.sha,
      environment: r.target,
      task: "deploy",
      description: shortDescription(`Deploy bundle ${r.bundle} to ${r.target}`),
      auto_merge: false,
      required_contexts: [],
      transient_environment: false,
      payload: { correlationId: r.correlationId, bundle: r.bundle, target: r.target },
    }));
  const state = DEPLOYMENT_STATE[r.phase];
  await api.createDeploymentStatus(repo, deployment.id, {
    state,
    description: describe(r),
    ...(r.environmentUrl === undefined ? {} : { environment_url: r.environmentUrl }),
  });
  return `deployment ${deployment.id} ${state}`;
}
