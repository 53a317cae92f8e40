import type { OrchestrationContext, Task } from "durable-functions";
import { ActivityError } from "../../durable/activity-error.js";
import { callActivity } from "../../durable/call-activity.js";
import { evaluateGate } from "../gate.js";
import { batchProblem } from "./batch-check.js";
import { championMetrics } from "./champion.js";
import { inputPaths, lakeUrl, lineagePath } from "./lineage.js";
import {
  FindAliasedVersion,
  FindRegisteredVersion,
  FindTrainRun,
  ReadRunMetrics,
  ResolveDeployment,
  ResolvePipelinePlan,
  TagModelVersion,
  type AliasedVersion,
  type DeploymentResult,
  type PipelinePlan,
  type RunMetrics,
} from "./pipeline.contracts.js";
import { runStep } from "./run-step.orchestrator.js";
import { PipelineStop, type PipelineSession } from "./session.js";
import type { PipelineOutcome, PipelineStep } from "./view.js";

type Deployed = Extract<DeploymentResult, { kind: "deployed" }>;

/** What the stages hand on: the plan, the deployment and the step parameters every job gets. */
export interface Prepared {
  readonly plan: PipelinePlan;
  readonly deployment: Deployed;
  readonly lineageParams: Readonly<Record<string, string>>;
}

const job = (p: Prepared, step: PipelineStep) => ({
  jobId: p.deployment.jobIds[p.plan.jobs[step].job] ?? "",
  timeoutSeconds: p.plan.jobs[step].timeoutSeconds,
});

/** Checks the batch, reads the plan (sidecar) and the deployment (workspace state): ADR 0025. */
export function* prepare(ctx: OrchestrationContext, s: PipelineSession): Generator<Task, Prepared, unknown> {
  // Pure and before any activity, so it adds nothing to the history of a valid batch.
  const unsafe = batchProblem(s.input.key, s.input.batch);
  if (unsafe !== undefined) throw new PipelineStop(unsafe);
  const resolved = yield* callActivity(ctx, ResolvePipelinePlan, { key: s.input.key });
  if (resolved.kind !== "ok") throw new PipelineStop(resolved.message);
  const { plan } = resolved;
  s.callbacks = plan.callbacks === true;
  s.show({ bundle: plan.bundle, phase: "resolving deployment" });
  const deployment = yield* callActivity(ctx, ResolveDeployment, {
    bundle: plan.bundle,
    target: plan.target,
    jobs: [plan.jobs.train.job, plan.jobs.evaluate.job, plan.jobs.register.job],
  });
  if (deployment.kind !== "deployed") throw new PipelineStop(deployment.message);
  s.show({ deployment: { serial: deployment.serial, commit: deployment.commit } });
  return { plan, deployment, lineageParams: { orchestration_id: s.id, commit_sha: deployment.commit ?? "" } };
}

/** Train → find its run → champion → evaluate → gate. Returns the candidate, or null when rejected. */
export function* trainAndGate(
  ctx: OrchestrationContext,
  s: PipelineSession,
  p: Prepared,
): Generator<
  Task,
  { readonly trainRun: RunMetrics; readonly champion: AliasedVersion | null } | null,
  unknown
> {
  const { plan } = p;
  yield* runStep(ctx, s, "train", job(p, "train"), {
    input_paths: inputPaths(s.input.key, s.input.batch),
    ...p.lineageParams,
  });
  const trainRun = yield* callActivity(ctx, FindTrainRun, {
    target: plan.target,
    experimentIds: p.deployment.experimentIds,
    orchestrationId: s.id,
  });
  if (trainRun === null)
    throw new PipelineStop(`train succeeded but logged no MLflow run tagged orchestration_id=${s.id}`);
  const champion = yield* callActivity(ctx, FindAliasedVersion, {
    target: plan.target,
    model: plan.model,
    alias: plan.championAlias,
  });
  s.show({
    trainRunId: trainRun.runId,
    metrics: trainRun.metrics,
    champion: champion && { version: champion.version, runId: champion.runId },
  });
  const runParams = { run_id: trainRun.runId, ...p.lineageParams, model_name: plan.model };
  yield* runStep(ctx, s, "evaluate", job(p, "evaluate"), runParams);
  const { metrics } = yield* callActivity(ctx, ReadRunMetrics, {
    target: plan.target,
    runId: trainRun.runId,
  });
  const decision = evaluateGate(plan.gate, metrics, championMetrics(plan.gate, metrics, champion));
  const reasons = decision.kind === "rejected" ? decision.reasons : [];
  s.show({ metrics, gate: { passed: decision.kind === "passed", reasons, checks: decision.checks } });
  return decision.kind === "rejected" ? null : { trainRun, champion };
}

/** Register → find the version → tag it with the lineage (a refused tag is noted, not fatal). */
export function* register(
  ctx: OrchestrationContext,
  s: PipelineSession,
  p: Prepared,
  trainRun: RunMetrics,
): Generator<Task, PipelineOutcome, unknown> {
  const { plan } = p;
  yield* runStep(ctx, s, "register", job(p, "register"), {
    run_id: trainRun.runId,
    ...p.lineageParams,
    model_name: plan.model,
    alias: plan.registerAlias,
  });
  const ref = { target: plan.target, model: plan.model, alias: plan.registerAlias };
  const registered = yield* callActivity(ctx, FindRegisteredVersion, { ...ref, runId: trainRun.runId });
  if (registered === null)
    throw new PipelineStop(
      `register succeeded but ${plan.registerAlias} of ${plan.model} is not a version of run ${trainRun.runId}`,
    );
  s.show({ model: { name: plan.model, version: registered.version, alias: plan.registerAlias } });
  const { key, batch } = s.input;
  const lineage = {
    orchestrationId: s.id,
    bundle: plan.bundle,
    serial: p.deployment.serial,
    commit: p.deployment.commit,
    files: batch.files.map((f) => ({ path: f.path, eTag: f.eTag })),
    manifest: lakeUrl(key, lineagePath(s.id)),
  };
  try {
    yield* callActivity(ctx, TagModelVersion, {
      ...ref,
      version: registered.version,
      runId: trainRun.runId,
      lineage,
    });
  } catch (err) {
    if (!(err instanceof ActivityError)) throw err;
    // The version exists and holds the alias: the outcome stays `registered`, the reason is shown.
    s.show({
      error: `version ${registered.version} registered, but its lineage tags were refused: ${err.message}`,
    });
  }
  return "registered";
}
