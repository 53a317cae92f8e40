import type { RunJobResult } from "../run-job/run-job.contracts.js";

/** Why a step's run stops the pipeline, as one sentence for the status; undefined when it succeeded. */
export function stepFailure(step: string, result: RunJobResult, timeoutSeconds: number): string | undefined {
  if (result.kind === "notStarted") return `${step} could not start: ${result.code} ${result.message}`;
  if (result.outcome === "succeeded") return undefined;
  if (result.stepTimedOut)
    return `${step} ran past its ${timeoutSeconds}s timeout; run ${result.runId} was canceled`;
  const detail = result.stateMessage === null || result.stateMessage === "" ? "" : `: ${result.stateMessage}`;
  return `${step} run ${result.runId} ended ${result.outcome}${detail}`;
}
