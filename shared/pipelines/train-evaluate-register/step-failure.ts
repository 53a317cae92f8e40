import type { RunJobResult } from "../run-job/run-job.contracts.js";

/** Why a step's run stops the pipeline, as one sentence for the status; undefined when it succeeded. */
export function stepFailure(step: string, result: RunJobResult, timeoutSeconds: number): string | undefined {
  if (result.kind === "notStarted") return `${step} could not start: ${result.code} ${result.message}`;
  if (result.refused?.action === "get")
    return `${step} run ${result.runId} can no longer be read (${result.refused.code}); it may still be running: ${result.stateMessage ?? ""}`;
  if (result.outcome === "succeeded") return undefined;
  const cancel = result.refused?.action === "cancel" ? ` (cancel refused: ${result.refused.code})` : "";
  if (result.stepTimedOut)
    return cancel === ""
      ? `${step} ran past its ${timeoutSeconds}s timeout; run ${result.runId} was canceled`
      : `${step} ran past its ${timeoutSeconds}s timeout; run ${result.runId} could not be canceled${cancel}`;
  const detail = result.stateMessage === null || result.stateMessage === "" ? "" : `: ${result.stateMessage}`;
  return `${step} run ${result.runId} ended ${result.outcome}${detail}${cancel}`;
}
