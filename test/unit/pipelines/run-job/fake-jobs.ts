import type { Run, RunNowRequest } from "../../../../shared/databricks/index.js";
import { DatabricksError } from "../../../../shared/databricks/errors.js";
import {
  createRunJobActivities,
  type RunJobsApi,
} from "../../../../shared/pipelines/run-job/run-job.activities.js";
import {
  CancelJobRun,
  GetJobRun,
  SubmitJobRun,
} from "../../../../shared/pipelines/run-job/run-job.contracts.js";
import { fake, type FakeActivity } from "../../../harness/orchestration.js";

export type RunState = Pick<Run, "state" | "status">;

export const running: RunState = { state: { life_cycle_state: "RUNNING" } };
export const terminated = (result_state: string, state_message = ""): RunState => ({
  state: { life_cycle_state: "TERMINATED", result_state, state_message },
});

/**
 * A scripted Jobs API: run-now returns run 101 (or throws the queued errors first); runs/get answers the
 * scripted states in order, repeating the last one. Records every request.
 */
export class FakeJobs implements RunJobsApi {
  readonly runNowRequests: RunNowRequest[] = [];
  readonly cancels: string[] = [];
  gets = 0;

  constructor(
    private readonly states: readonly RunState[],
    private readonly runNowErrors: DatabricksError[] = [],
  ) {}

  runNow(request: RunNowRequest) {
    this.runNowRequests.push(request);
    const error = this.runNowErrors.shift();
    return error ? Promise.reject(error) : Promise.resolve({ run_id: "101" });
  }
  getRun(runId: string): Promise<Run> {
    const state = this.states[Math.min(this.gets++, this.states.length - 1)] ?? running;
    return Promise.resolve({
      run_id: runId,
      run_page_url: `https://adb-1.azuredatabricks.net/#job/7/run/${runId}`,
      ...state,
    });
  }
  cancelRun(runId: string) {
    this.cancels.push(runId);
    return Promise.resolve();
  }
}

/** The real runJob activities over a fake Jobs API; the harness wraps them in implement()'s envelope. */
export function runJobActivities(jobs: FakeJobs): Record<string, FakeActivity> {
  const a = createRunJobActivities({ jobsFor: () => jobs });
  return {
    ...fake(SubmitJobRun, a.submitJobRun),
    ...fake(GetJobRun, a.getJobRun),
    ...fake(CancelJobRun, a.cancelJobRun),
  };
}

export const databricksError = (errorCode: string, status: number, retryable: boolean) =>
  new DatabricksError({ errorCode, status, message: `${errorCode} from the fake`, retryable });
