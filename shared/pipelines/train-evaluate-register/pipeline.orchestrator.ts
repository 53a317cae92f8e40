import type { OrchestrationContext, Task } from "durable-functions";
import { ActivityError } from "../../durable/activity-error.js";
import { callActivity } from "../../durable/call-activity.js";
import { orchestrationLogger } from "../../durable/orchestration-logger.js";
import { evaluateGate } from "../gate.js";
import { RUN_JOB_ORCHESTRATION, type RunJobInput, type RunJobResult } from "../run-job/run-job.contracts.js";
import { championMetrics } from "./champion.js";
import { inputPaths, lineageManifest } from "./lineage.js";
import {
  FindAliasedVersion,
  FindRegisteredVersion,
  FindTrainRun,
  ReadRunMetrics,
  ResolveDeployment,
  ResolvePipelinePlan,
  WriteLineage,
  type PipelineInput,
} from "./pipeline.contracts.js";
import { stepFailure } from "./step-failure.js";
import {
  initialView,
  stepInstanceId,
  withStep,
  type PipelineOutcome,
  type PipelineStep,
  type PipelineView,
} from "./view.js";

/** Raised inside the generator to end the pipeline as `failed` with a clear message (never escapes it). */
class PipelineStop extends Error {}

/**
 * Landed batch → train → evaluate → gate → register → alias (issue #7, part 2). Each step is a runJob
 * sub-orchestration with an id derived from (pipeline, step, attempt). The gate runs here, pure, and a
 * rejection is an outcome. Whatever the outcome, a lineage manifest is written next to the data and the
 * final view is the output (GET /api/pipelines/{id}).
 */
export function* trainEvaluateRegisterOrchestrator(
  ctx: OrchestrationContext,
): Generator<Task, PipelineView, unknown> {
  const input = ctx.df.getInput<PipelineInput>();
  const id = ctx.df.instanceId;
  const log = orchestrationLogger(ctx, { target: input.key.target, partition: input.key.partition });
  let view = initialView(input.key.target);
  const show = (patch: Partial<PipelineView>) => {
    view = { ...view, ...patch };
    ctx.df.setCustomStatus(view);
  };
  show({});
  // Set from the plan (an activity result), so every replay decides the same.
  let callbacks = false;

  function* runStep(
    step: PipelineStep,
    jobId: string,
    timeoutSeconds: number,
    params: Record<string, string>,
  ): Generator<Task, void, unknown> {
    const childId = stepInstanceId(id, step, 1);
    view = withStep(view, step, { state: "running", instanceId: childId });
    show({ phase: step });
    const child: RunJobInput = {
      step,
      target: input.key.target,
      jobId,
      jobParameters: params,
      attempt: 1,
      timeoutSeconds,
      pipelineInstanceId: id,
      watchParent: true,
      ...(callbacks ? { callbacks: true } : {}),
    };
    const result = (yield ctx.df.callSubOrchestrator(RUN_JOB_ORCHESTRATION, child, childId)) as RunJobResult;
    view =
      result.kind === "run"
        ? withStep(view, step, { state: result.outcome, runId: result.runId, runUrl: result.runPageUrl })
        : withStep(view, step, { state: "notStarted" });
    show({});
    const failure = stepFailure(step, result, timeoutSeconds);
    if (failure !== undefined) throw new PipelineStop(failure);
  }

  let outcome: PipelineOutcome;
  try {
    outcome = yield* pipeline();
  } catch (err) {
    if (!(err instanceof PipelineStop || err instanceof ActivityError)) throw err;
    log.warn("pipeline failed", { reason: err.message });
    view = { ...view, error: err.message };
    outcome = "failed";
  }
  show({ phase: "writing lineage", outcome });
  const manifest = lineageManifest(id, input, view, ctx.df.currentUtcDateTime.toISOString());
  const lineage = yield* callActivity(ctx, WriteLineage, { key: input.key, instanceId: id, manifest });
  show({ phase: "done", lineage });
  return view;

  function* pipeline(): Generator<Task, PipelineOutcome, unknown> {
    const resolved = yield* callActivity(ctx, ResolvePipelinePlan, { key: input.key });
    if (resolved.kind !== "ok") throw new PipelineStop(resolved.message);
    const { plan } = resolved;
    callbacks = plan.callbacks === true;
    show({ bundle: plan.bundle, phase: "resolving deployment" });
    const steps = plan.jobs;
    const deployment = yield* callActivity(ctx, ResolveDeployment, {
      bundle: plan.bundle,
      target: plan.target,
      jobs: [steps.train.job, steps.evaluate.job, steps.register.job],
    });
    if (deployment.kind !== "deployed") throw new PipelineStop(deployment.message);
    show({ deployment: { serial: deployment.serial, commit: deployment.commit } });
    const jobOf = (step: PipelineStep) => deployment.jobIds[steps[step].job] ?? "";
    const lineageParams = { orchestration_id: id, commit_sha: deployment.commit ?? "" };

    yield* runStep("train", jobOf("train"), steps.train.timeoutSeconds, {
      input_paths: inputPaths(input.key, input.batch),
      ...lineageParams,
    });
    const trainRun = yield* callActivity(ctx, FindTrainRun, {
      target: plan.target,
      experimentIds: deployment.experimentIds,
      orchestrationId: id,
    });
    if (trainRun === null)
      throw new PipelineStop(`train succeeded but logged no MLflow run tagged orchestration_id=${id}`);
    const modelRef = { target: plan.target, model: plan.model };
    const champion = yield* callActivity(ctx, FindAliasedVersion, { ...modelRef, alias: plan.championAlias });
    show({
      trainRunId: trainRun.runId,
      metrics: trainRun.metrics,
      champion: champion && { version: champion.version, runId: champion.runId },
    });

    const runParams = { run_id: trainRun.runId, ...lineageParams, model_name: plan.model };
    yield* runStep("evaluate", jobOf("evaluate"), steps.evaluate.timeoutSeconds, runParams);
    const { metrics } = yield* callActivity(ctx, ReadRunMetrics, {
      target: plan.target,
      runId: trainRun.runId,
    });
    const decision = evaluateGate(plan.gate, metrics, championMetrics(plan.gate, metrics, champion));
    const reasons = decision.kind === "rejected" ? decision.reasons : [];
    show({ metrics, gate: { passed: decision.kind === "passed", reasons, checks: decision.checks } });
    if (decision.kind === "rejected") {
      log.info("gate rejected the candidate", { runId: trainRun.runId, reasons: reasons.join("; ") });
      return "rejected";
    }

    yield* runStep("register", jobOf("register"), steps.register.timeoutSeconds, {
      ...runParams,
      alias: plan.registerAlias,
    });
    const registered = yield* callActivity(ctx, FindRegisteredVersion, {
      ...modelRef,
      alias: plan.registerAlias,
      runId: trainRun.runId,
    });
    if (registered === null)
      throw new PipelineStop(
        `register succeeded but ${plan.registerAlias} of ${plan.model} is not a version of run ${trainRun.runId}`,
      );
    show({ model: { name: plan.model, version: registered.version, alias: plan.registerAlias } });
    log.info("model registered", { version: registered.version });
    return "registered";
  }
}
