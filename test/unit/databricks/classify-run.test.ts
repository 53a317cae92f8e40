import { describe, expect, it } from "vitest";
import { classifyRun, type RunOutcome } from "../../../shared/databricks/classify-run.js";
import type { Run } from "../../../shared/databricks/runs-types.js";

type Case = [string, Pick<Run, "state" | "status">, RunOutcome];

const legacy = (life_cycle_state: string, result_state?: string): Pick<Run, "state"> => ({
  state: result_state === undefined ? { life_cycle_state } : { life_cycle_state, result_state },
});
const status = (state: string, code?: string, type?: string): Pick<Run, "status"> => ({
  status:
    code === undefined && type === undefined
      ? { state }
      : { state, termination_details: { ...(code ? { code } : {}), ...(type ? { type } : {}) } },
});

const cases: Case[] = [
  ...["QUEUED", "PENDING", "RUNNING", "TERMINATING", "BLOCKED", "WAITING_FOR_RETRY"].map((s): Case => [
    `legacy ${s}`,
    legacy(s),
    "running",
  ]),
  ...["QUEUED", "PENDING", "RUNNING", "TERMINATING", "BLOCKED", "WAITING_FOR_RETRY"].map((s): Case => [
    `status ${s}`,
    status(s),
    "running",
  ]),
  ["legacy SUCCESS", legacy("TERMINATED", "SUCCESS"), "succeeded"],
  ["legacy FAILED", legacy("TERMINATED", "FAILED"), "failed"],
  ["legacy SUCCESS_WITH_FAILURES", legacy("TERMINATED", "SUCCESS_WITH_FAILURES"), "failed"],
  ["legacy UPSTREAM_FAILED", legacy("TERMINATED", "UPSTREAM_FAILED"), "failed"],
  ["legacy TIMEDOUT", legacy("TERMINATED", "TIMEDOUT"), "timedOut"],
  ["legacy CANCELED", legacy("TERMINATED", "CANCELED"), "canceled"],
  ["legacy UPSTREAM_CANCELED", legacy("TERMINATED", "UPSTREAM_CANCELED"), "canceled"],
  [
    "legacy MAXIMUM_CONCURRENT_RUNS_REACHED",
    legacy("TERMINATED", "MAXIMUM_CONCURRENT_RUNS_REACHED"),
    "skipped",
  ],
  ["legacy EXCLUDED", legacy("TERMINATED", "EXCLUDED"), "skipped"],
  ["legacy DISABLED", legacy("TERMINATED", "DISABLED"), "skipped"],
  ["legacy EVICTED", legacy("TERMINATED", "EVICTED"), "internalError"],
  ["legacy SKIPPED life cycle", legacy("SKIPPED"), "skipped"],
  ["legacy INTERNAL_ERROR life cycle", legacy("INTERNAL_ERROR", "FAILED"), "internalError"],
  ["status SUCCESS", status("TERMINATED", "SUCCESS", "SUCCESS"), "succeeded"],
  ["status SUCCESS_WITH_FAILURES", status("TERMINATED", "SUCCESS_WITH_FAILURES", "SUCCESS"), "failed"],
  ["status USER_CANCELED", status("TERMINATED", "USER_CANCELED", "SUCCESS"), "canceled"],
  ["status CANCELED", status("TERMINATED", "CANCELED", "SUCCESS"), "canceled"],
  ["status SKIPPED", status("TERMINATED", "SKIPPED", "SUCCESS"), "skipped"],
  [
    "status MAX_CONCURRENT_RUNS_EXCEEDED",
    status("TERMINATED", "MAX_CONCURRENT_RUNS_EXCEEDED", "CLIENT_ERROR"),
    "skipped",
  ],
  [
    "status MAX_JOB_QUEUE_SIZE_EXCEEDED",
    status("TERMINATED", "MAX_JOB_QUEUE_SIZE_EXCEEDED", "CLIENT_ERROR"),
    "skipped",
  ],
  ["status INTERNAL_ERROR", status("TERMINATED", "INTERNAL_ERROR", "INTERNAL_ERROR"), "internalError"],
  ["status RUN_EXECUTION_ERROR", status("TERMINATED", "RUN_EXECUTION_ERROR", "CLIENT_ERROR"), "failed"],
  [
    "status DRIVER_ERROR, cloud failure",
    status("TERMINATED", "DRIVER_ERROR", "CLOUD_FAILURE"),
    "internalError",
  ],
  [
    "status unknown code, internal type",
    status("TERMINATED", "SOMETHING_NEW", "INTERNAL_ERROR"),
    "internalError",
  ],
  ["status terminated without details", status("TERMINATED"), "failed"],
  [
    "legacy TIMEDOUT beats status CANCELED",
    { ...legacy("TERMINATED", "TIMEDOUT"), ...status("TERMINATED", "CANCELED", "CLIENT_ERROR") },
    "timedOut",
  ],
  [
    "status terminated while legacy lags",
    { ...legacy("TERMINATING"), ...status("TERMINATED", "SUCCESS", "SUCCESS") },
    "succeeded",
  ],
  ["nothing known yet", {}, "running"],
];

describe("classifyRun", () => {
  it.each(cases)("%s", (_name, run, expected) => {
    expect(classifyRun(run)).toBe(expected);
  });
});
