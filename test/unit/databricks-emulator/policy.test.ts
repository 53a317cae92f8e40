import { describe, expect, it } from "vitest";
import type { TaskRunDoc } from "../../../local/databricks/jobs/model.js";
import { rerunSelection, runIfDecision, runResult } from "../../../local/databricks/jobs/policy.js";
import { stateOf } from "../../../local/databricks/jobs/render.js";
import { classifyRun, type Run } from "../../../shared/databricks/index.js";

const task = (key: string, result: string | undefined, deps: string[] = []): TaskRunDoc => ({
  task_key: key,
  run_id: "1",
  attempt_number: 0,
  life: result === undefined ? "PENDING" : "TERMINATED",
  ...(result === undefined ? {} : { result }),
  message: "",
  start_time: 0,
  end_time: 0,
  settings: { task_key: key, depends_on: deps.map((task_key) => ({ task_key })) },
});

describe("run_if", () => {
  it.each([
    ["ALL_SUCCESS", ["SUCCESS", "SUCCESS"], "run"],
    ["ALL_SUCCESS", ["SUCCESS", "FAILED"], "UPSTREAM_FAILED"],
    ["ALL_SUCCESS", ["SUCCESS", "CANCELED"], "UPSTREAM_CANCELED"],
    ["AT_LEAST_ONE_SUCCESS", ["FAILED", "SUCCESS"], "run"],
    ["AT_LEAST_ONE_SUCCESS", ["FAILED", "TIMEDOUT"], "UPSTREAM_FAILED"],
    ["NONE_FAILED", ["SUCCESS", "EXCLUDED"], "run"],
    ["NONE_FAILED", ["SUCCESS", "FAILED"], "UPSTREAM_FAILED"],
    ["ALL_DONE", ["FAILED", "CANCELED"], "run"],
    ["AT_LEAST_ONE_FAILED", ["SUCCESS", "SUCCESS"], "EXCLUDED"],
    ["ALL_FAILED", ["FAILED", "SUCCESS"], "EXCLUDED"],
    ["ALL_FAILED", ["FAILED", "TIMEDOUT"], "run"],
  ])("%s with %j → %s", (runIf, upstream, expected) => {
    expect(runIfDecision(runIf, upstream)).toBe(expected);
  });
});

describe("run result and repair selection", () => {
  it("is SUCCESS_WITH_FAILURES when only a non-leaf failed and every leaf succeeded", () => {
    expect(runResult([task("a", "SUCCESS"), task("b", "SUCCESS", ["a"])])).toBe("SUCCESS");
    expect(runResult([task("a", "FAILED"), task("b", "SUCCESS", ["a"])])).toBe("SUCCESS_WITH_FAILURES");
    expect(runResult([task("a", "FAILED"), task("b", "UPSTREAM_FAILED", ["a"])])).toBe("FAILED");
    expect(runResult([task("a", "TIMEDOUT")])).toBe("TIMEDOUT");
  });

  it("reruns failed tasks and, if asked, their dependents transitively", () => {
    const tasks = [
      task("a", "SUCCESS"),
      task("b", "FAILED", ["a"]),
      task("c", "UPSTREAM_FAILED", ["b"]),
      task("d", "SUCCESS", ["c"]),
    ];
    expect([...rerunSelection(tasks, undefined, true, false)]).toEqual(["b", "c"]);
    expect([...rerunSelection(tasks, ["a"], false, true)].sort()).toEqual(["a", "b", "c", "d"]);
  });
});

describe("state and status as classifyRun reads them", () => {
  it.each([
    ["TERMINATED", "SUCCESS", "succeeded"],
    ["TERMINATED", "FAILED", "failed"],
    ["TERMINATED", "TIMEDOUT", "timedOut"],
    ["TERMINATED", "CANCELED", "canceled"],
    ["INTERNAL_ERROR", "FAILED", "internalError"],
    ["SKIPPED", "MAXIMUM_CONCURRENT_RUNS_REACHED", "skipped"],
    ["QUEUED", undefined, "running"],
    ["RUNNING", undefined, "running"],
  ] as const)("%s/%s → %s, from either field alone", (life, result, outcome) => {
    const wire = stateOf(life, result, "") as Pick<Run, "state" | "status">;
    expect(classifyRun(wire)).toBe(outcome);
    // From status alone a timeout reads as a cancel (classify-run.ts says why); every other outcome matches.
    if (outcome !== "timedOut") expect(classifyRun({ status: wire.status ?? {} })).toBe(outcome);
  });
});
