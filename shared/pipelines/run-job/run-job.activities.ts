import { classifyRun } from "../../databricks/classify-run.js";
import type { JobsApi } from "../../databricks/jobs.js";
import { databricksRefusal as refusal } from "./refusal.js";
import { runIdempotencyToken } from "./idempotency.js";
import type { JobRunState, RunRef, SubmitJobRunInput } from "./run-job.contracts.js";
import type { RunIndex } from "./run-index.js";

/** The Jobs calls a run needs, per bundle target (each target may be another workspace). */
export type RunJobsApi = Pick<JobsApi, "runNow" | "getRun" | "cancelRun">;

export interface RunJobActivityDeps {
  readonly jobsFor: (target: string) => RunJobsApi;
  /** Where completion callbacks look up the watcher of a run (ADR 0021); without it only polling works. */
  readonly runIndex?: Pick<RunIndex, "record">;
}

/** Side effects of `runJob`; each is safe to repeat (run-now carries its idempotency token). */
export function createRunJobActivities(deps: RunJobActivityDeps) {
  return {
    submitJobRun: async (input: SubmitJobRunInput): Promise<{ runId: string }> => {
      const token = runIdempotencyToken(input.pipelineInstanceId, input.step, input.attempt);
      try {
        const res = await deps.jobsFor(input.target).runNow({
          job_id: input.jobId,
          job_parameters: { ...input.jobParameters },
          idempotency_token: token,
        });
        // After run-now (the id is only known then); a retry re-records the same entry harmlessly. Best
        // effort: failing the step over it would orphan a started run, and polling still sees its end.
        if (input.watcherInstanceId !== undefined)
          await deps.runIndex
            ?.record({
              runId: res.run_id,
              target: input.target,
              jobId: input.jobId,
              instanceId: input.watcherInstanceId,
            })
            .catch(() => undefined);
        return { runId: res.run_id };
      } catch (err) {
        throw refusal(`run-now of job ${input.jobId}`, err);
      }
    },
    getJobRun: async (ref: RunRef): Promise<JobRunState> => {
      try {
        const run = await deps.jobsFor(ref.target).getRun(ref.runId);
        return {
          outcome: classifyRun(run),
          lifeCycleState: run.state?.life_cycle_state ?? run.status?.state ?? null,
          resultState: run.state?.result_state ?? null,
          stateMessage: run.state?.state_message ?? run.status?.termination_details?.message ?? null,
          runPageUrl: run.run_page_url ?? null,
        };
      } catch (err) {
        throw refusal(`runs/get of run ${ref.runId}`, err);
      }
    },
    cancelJobRun: async (ref: RunRef): Promise<null> => {
      try {
        await deps.jobsFor(ref.target).cancelRun(ref.runId);
        return null;
      } catch (err) {
        throw refusal(`cancel of run ${ref.runId}`, err);
      }
    },
  };
}
