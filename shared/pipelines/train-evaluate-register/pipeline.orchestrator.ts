import type { OrchestrationContext, Task } from "durable-functions";
import { ActivityError } from "../../durable/activity-error.js";
import { callActivity } from "../../durable/call-activity.js";
import { orchestrationLogger } from "../../durable/orchestration-logger.js";
import { lineageManifest } from "./lineage.js";
import { WriteLineage, type PipelineInput } from "./pipeline.contracts.js";
import { PipelineStop, pipelineSession, type PipelineSession } from "./session.js";
import { prepare, register, trainAndGate } from "./stages.orchestrator.js";
import { initialView, type PipelineOutcome, type PipelineView } from "./view.js";

/**
 * Landed batch → train → evaluate → gate → register → alias (issue #7, part 2). Each step is a runJob
 * sub-orchestration with an id derived from (pipeline, step, attempt). The gate runs here, pure, and a
 * rejection is an outcome; so is every Databricks refusal (ADR 0025). Whatever the outcome, a lineage
 * manifest is written next to the data and the final view is the output (GET /api/pipelines/{id}).
 * The stages live in stages.orchestrator.ts; names stored in history are unchanged by that split.
 */
export function* trainEvaluateRegisterOrchestrator(
  ctx: OrchestrationContext,
): Generator<Task, PipelineView, unknown> {
  const input = ctx.df.getInput<PipelineInput>();
  const log = orchestrationLogger(ctx, { target: input.key.target, partition: input.key.partition });
  const s = pipelineSession(ctx.df.instanceId, input, initialView(input.key.target), (view) =>
    ctx.df.setCustomStatus(view),
  );
  s.show({});

  let outcome: PipelineOutcome;
  try {
    outcome = yield* stages(ctx, s);
  } catch (err) {
    if (!(err instanceof PipelineStop || err instanceof ActivityError)) throw err;
    log.warn("pipeline failed", { reason: err.message });
    s.view = { ...s.view, error: err.message };
    outcome = "failed";
  }
  if (outcome === "rejected")
    log.info("gate rejected the candidate", {
      runId: s.view.trainRunId,
      reasons: s.view.gate?.reasons.join("; "),
    });
  if (outcome === "registered") log.info("model registered", { version: s.view.model?.version });
  s.show({ phase: "writing lineage", outcome });
  const manifest = lineageManifest(s.id, input, s.view, ctx.df.currentUtcDateTime.toISOString());
  try {
    const lineage = yield* callActivity(ctx, WriteLineage, { key: input.key, instanceId: s.id, manifest });
    s.show({ phase: "done", lineage });
  } catch (err) {
    if (!(err instanceof ActivityError)) throw err;
    // The outcome is decided; a refused manifest is reported rather than failing the orchestration.
    const note = `lineage manifest not written: ${err.message}`;
    s.show({ phase: "done", error: s.view.error === undefined ? note : `${s.view.error}; ${note}` });
  }
  return s.view;
}

function* stages(ctx: OrchestrationContext, s: PipelineSession): Generator<Task, PipelineOutcome, unknown> {
  const prepared = yield* prepare(ctx, s);
  const candidate = yield* trainAndGate(ctx, s, prepared);
  if (candidate === null) return "rejected";
  return yield* register(ctx, s, prepared, candidate.trainRun);
}
