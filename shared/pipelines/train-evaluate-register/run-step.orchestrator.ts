import type { OrchestrationContext, Task } from "durable-functions";
import { RUN_JOB_ORCHESTRATION, type RunJobInput, type RunJobResult } from "../run-job/run-job.contracts.js";
import { PipelineStop, type PipelineSession } from "./session.js";
import { stepFailure } from "./step-failure.js";
import { stepInstanceId, withStep, type PipelineStep, type StepState } from "./view.js";

/** How a step's run shows in the view; a run Databricks no longer lets us read is `lost`. */
function stateOf(result: RunJobResult): StepState {
  if (result.kind === "notStarted") return "notStarted";
  return result.refused?.action === "get" ? "lost" : result.outcome;
}

/**
 * One step as a runJob sub-orchestration (id `<pipeline>:<step>:1`, so a replay or restart finds the same
 * child); throws {@link PipelineStop} with the reason when the step did not succeed.
 */
export function* runStep(
  ctx: OrchestrationContext,
  s: PipelineSession,
  step: PipelineStep,
  job: { readonly jobId: string; readonly timeoutSeconds: number },
  params: Record<string, string>,
): Generator<Task, void, unknown> {
  const childId = stepInstanceId(s.id, step, 1);
  s.view = withStep(s.view, step, { state: "running", instanceId: childId });
  s.show({ phase: step });
  const child: RunJobInput = {
    step,
    target: s.input.key.target,
    jobId: job.jobId,
    jobParameters: params,
    attempt: 1,
    timeoutSeconds: job.timeoutSeconds,
    pipelineInstanceId: s.id,
    watchParent: true,
    ...(s.callbacks ? { callbacks: true } : {}),
  };
  const result = (yield ctx.df.callSubOrchestrator(RUN_JOB_ORCHESTRATION, child, childId)) as RunJobResult;
  s.view =
    result.kind === "run"
      ? withStep(s.view, step, { state: stateOf(result), runId: result.runId, runUrl: result.runPageUrl })
      : withStep(s.view, step, { state: stateOf(result) });
  s.show({});
  const failure = stepFailure(step, result, job.timeoutSeconds);
  if (failure !== undefined) throw new PipelineStop(failure);
}
