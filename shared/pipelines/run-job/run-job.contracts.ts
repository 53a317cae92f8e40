import type { RunOutcome } from "../../databricks/classify-run.js";
import { defineActivity } from "../../durable/contracts.js";
import { RetryPolicies } from "../../durable/retry-policies.js";

/** Names stored in history: never rename (add a V2). */
export const RUN_JOB_ORCHESTRATION = "runJob";
/** Raised by the run-events webhook (or anyone) to make the watcher poll now instead of at its timer. */
export const RUN_STATE_CHANGED_EVENT = "RunStateChanged";

/** Where a watched run stands; carried across continueAsNew so the history stays bounded. */
export interface RunWatch {
  readonly runId: string;
  readonly runPageUrl: string | null;
  readonly startedAt: string;
  /** The step's timeout: past it, the run is canceled. */
  readonly deadline: string;
  readonly delaySeconds: number;
  readonly polls: number;
}

export interface RunJobInput {
  /** The pipeline step (`train`, `evaluate`, `register`); part of the idempotency token. */
  readonly step: string;
  readonly target: string;
  readonly jobId: string;
  readonly jobParameters: Readonly<Record<string, string>>;
  /** 1 for the first try of the step; a deliberate re-run uses a new attempt and so a new run. */
  readonly attempt: number;
  readonly timeoutSeconds: number;
  /** The instance the token derives from (the parent pipeline's, stable across rollovers). */
  readonly pipelineInstanceId: string;
  /**
   * Cancel the run when `pipelineInstanceId` is terminated: checked on every poll, because terminating
   * a parent does not reach its sub-orchestrations (ADR 0025). Off for a runJob started on its own.
   */
  readonly watchParent?: boolean;
  /** Completion callbacks are configured (run-events): poll only as a rare fallback (backoff.ts). */
  readonly callbacks?: boolean;
  /** Set only by this orchestration's own continueAsNew. */
  readonly watch?: RunWatch;
}

export type TerminalOutcome = Exclude<RunOutcome, "running">;

/** A run that ended (or was canceled at the step timeout), or a run-now Databricks refused. */
export type RunJobResult =
  | {
      readonly kind: "run";
      readonly outcome: TerminalOutcome;
      readonly runId: string;
      readonly runPageUrl: string | null;
      readonly stateMessage: string | null;
      readonly polls: number;
      /** True when the step timeout passed and this orchestration canceled the run. */
      readonly stepTimedOut: boolean;
      /**
       * Set when Databricks refused a call on the run (runs/get or cancel: permission, run deleted), with
       * its code: after a refused runs/get the outcome is `internalError` and the run may still be going.
       */
      readonly refused?: { readonly action: "get" | "cancel"; readonly code: string };
    }
  | { readonly kind: "notStarted"; readonly code: string; readonly message: string };

export interface SubmitJobRunInput {
  readonly target: string;
  readonly jobId: string;
  readonly jobParameters: Readonly<Record<string, string>>;
  readonly pipelineInstanceId: string;
  readonly step: string;
  readonly attempt: number;
  /** The runJob instance watching the run, recorded in the run index for completion callbacks (ADR 0021). */
  readonly watcherInstanceId?: string;
}

export interface RunRef {
  readonly target: string;
  readonly runId: string;
}

export interface JobRunState {
  readonly outcome: RunOutcome;
  readonly lifeCycleState: string | null;
  readonly resultState: string | null;
  readonly stateMessage: string | null;
  readonly runPageUrl: string | null;
}

/** run-now with an idempotency token: retrying this activity returns the same run, never a second one. */
export const SubmitJobRun = defineActivity<SubmitJobRunInput, { readonly runId: string }>("SubmitJobRun", {
  retry: RetryPolicies.databricks,
});
export const GetJobRun = defineActivity<RunRef, JobRunState>("GetJobRun", {
  retry: RetryPolicies.databricks,
});
export const CancelJobRun = defineActivity<RunRef, null>("CancelJobRun", { retry: RetryPolicies.databricks });
