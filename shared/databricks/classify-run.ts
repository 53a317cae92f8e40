import type { Run } from "./runs-types.js";

/** What a run came to, as data (style guide: expected outcomes are return values). */
export type RunOutcome =
  "succeeded" | "failed" | "canceled" | "timedOut" | "skipped" | "internalError" | "running";

const resultStates: Record<string, RunOutcome> = {
  SUCCESS: "succeeded",
  // Leaf tasks succeeded but some did not: a pipeline must not promote on partial failure.
  SUCCESS_WITH_FAILURES: "failed",
  FAILED: "failed",
  UPSTREAM_FAILED: "failed",
  TIMEDOUT: "timedOut",
  CANCELED: "canceled",
  UPSTREAM_CANCELED: "canceled",
  MAXIMUM_CONCURRENT_RUNS_REACHED: "skipped",
  EXCLUDED: "skipped",
  DISABLED: "skipped",
  // Evicted runs were stopped by the platform, not by the code.
  EVICTED: "internalError",
  UPSTREAM_EVICTED: "internalError",
};

const terminationCodes: Record<string, RunOutcome> = {
  SUCCESS: "succeeded",
  SUCCESS_WITH_FAILURES: "failed",
  USER_CANCELED: "canceled",
  // Platform cancellation; per the Jobs docs this is also how a timeout reads in `status`.
  CANCELED: "canceled",
  SKIPPED: "skipped",
  DISABLED: "skipped",
  MAX_CONCURRENT_RUNS_EXCEEDED: "skipped",
  MAX_JOB_QUEUE_SIZE_EXCEEDED: "skipped",
  INTERNAL_ERROR: "internalError",
};

const terminationTypes: Record<string, RunOutcome> = {
  SUCCESS: "succeeded",
  CLIENT_ERROR: "failed",
  INTERNAL_ERROR: "internalError",
  CLOUD_FAILURE: "internalError",
};

/**
 * Classifies a run from the legacy `state` and the newer `status`. Anything not terminal (queued,
 * pending, blocked, waiting for retry, running, terminating) is `running`. When both fields are
 * present the legacy result state wins, because only it tells a timeout (TIMEDOUT) from a cancel.
 */
export function classifyRun(run: Pick<Run, "state" | "status">): RunOutcome {
  const life = run.state?.life_cycle_state;
  if (life === "SKIPPED") return "skipped";
  if (life === "INTERNAL_ERROR") return "internalError";
  const terminated = life === "TERMINATED" || run.status?.state === "TERMINATED";
  if (!terminated) return "running";
  const result = run.state?.result_state;
  if (result !== undefined && result in resultStates) return resultStates[result] ?? "failed";
  const details = run.status?.termination_details;
  const byCode = details?.code === undefined ? undefined : terminationCodes[details.code];
  if (byCode) return byCode;
  const byType = details?.type === undefined ? undefined : terminationTypes[details.type];
  // A terminated run we cannot read is treated as failed: never report success we cannot see.
  return byType ?? "failed";
}
