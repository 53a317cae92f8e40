import { describe, expect, it } from "vitest";
import { latestAttempts, retryDelay } from "../../../local/databricks/jobs/attempts.js";
import { evaluateCondition } from "../../../local/databricks/jobs/condition.js";
import { parseCron } from "../../../local/databricks/jobs/cron.js";
import { forEachResult, parseInputs, withInput } from "../../../local/databricks/jobs/for-each.js";
import type { JobDoc, TaskRunDoc, TaskSettings } from "../../../local/databricks/jobs/model.js";
import { dependencyDecision } from "../../../local/databricks/jobs/policy.js";
import { JobTriggers, nextStart } from "../../../local/databricks/jobs/triggers.js";
import { nextFire } from "../../../local/databricks/jobs/zoned-time.js";
import { ManualClock } from "../databricks/fakes.js";

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString();

const attempt = (
  n: number,
  result: string,
  settings: Partial<TaskSettings> = {},
  start = 1000,
): TaskRunDoc => ({
  task_key: "t",
  run_id: String(n),
  attempt_number: n,
  life: "TERMINATED",
  result,
  message: "",
  start_time: start,
  end_time: start + 10,
  settings: { task_key: "t", ...settings },
});

describe("Quartz cron schedules", () => {
  it("finds the next firing in UTC and in a zone with summer time", () => {
    const daily9 = parseCron("0 0 9 * * ?");
    expect(iso(nextFire(daily9, "UTC", at("2026-03-01T09:00:00Z")))).toBe("2026-03-02T09:00:00.000Z");
    // 09:00 in Amsterdam is 08:00Z in winter and 07:00Z once summer time starts (2026-03-29).
    expect(iso(nextFire(daily9, "Europe/Amsterdam", at("2026-03-27T12:00:00Z")))).toBe(
      "2026-03-28T08:00:00.000Z",
    );
    expect(iso(nextFire(daily9, "Europe/Amsterdam", at("2026-03-28T12:00:00Z")))).toBe(
      "2026-03-29T07:00:00.000Z",
    );
  });

  it("reads ranges, steps, lists, names and Quartz's 1 = Sunday", () => {
    const weekdays = parseCron("30 */15 8-9 ? JAN,MAR MON-FRI");
    // 2026-01-03 is a Saturday: the next firing is Monday the 5th at 08:00:30.
    expect(iso(nextFire(weekdays, "UTC", at("2026-01-03T10:00:00Z")))).toBe("2026-01-05T08:00:30.000Z");
    expect(parseCron("0 0 0 ? * 1").daysOfWeek).toEqual(new Set([1]));
    expect(iso(nextFire(parseCron("0 0 0 ? * 1"), "UTC", at("2026-01-01T00:00:00Z")))).toBe(
      "2026-01-04T00:00:00.000Z",
    );
    expect(nextFire(parseCron("0 0 0 1 1 ? 2025"), "UTC", at("2026-01-01T00:00:00Z"))).toBeUndefined();
  });

  it.each([
    ["0 0 0 * *", "6 or 7 fields"],
    ["0 0 0 * * *", "exactly one"],
    ["0 0 0 ? * 6#3", "L, W or #"],
    ["0 0 0 LW * ?", "L, W or #"],
    ["0 61 0 * * ?", "out of range"],
    ["0 0 0 ? * 2-1", "empty range"],
  ])("refuses %s", (expression, message) => {
    expect(() => parseCron(expression)).toThrow(message);
  });

  it("fires only UNPAUSED schedules and periodic triggers", () => {
    const now = at("2026-01-01T00:00:00Z");
    const schedule = { quartz_cron_expression: "0 0 * * * ?", timezone_id: "UTC" };
    expect(iso(nextStart({ schedule }, now))).toBe("2026-01-01T01:00:00.000Z");
    expect(nextStart({ schedule: { ...schedule, pause_status: "PAUSED" } }, now)).toBeUndefined();
    const trigger = { periodic: { interval: 3, unit: "DAYS" } };
    expect(iso(nextStart({ trigger }, now))).toBe("2026-01-04T00:00:00.000Z");
    expect(nextStart({ trigger: { ...trigger, pause_status: "PAUSED" } }, now)).toBeUndefined();
  });
});

describe("task retries", () => {
  it("retries FAILED within max_retries (-1 forever), TIMEDOUT only with retry_on_timeout, never a condition", () => {
    expect(retryDelay(attempt(0, "FAILED", { max_retries: 1 }), 1000)).toBe(0);
    expect(retryDelay(attempt(1, "FAILED", { max_retries: 1 }), 1000)).toBeUndefined();
    expect(retryDelay(attempt(7, "FAILED", { max_retries: -1 }), 1000)).toBe(0);
    expect(retryDelay(attempt(0, "FAILED"), 1000)).toBeUndefined();
    expect(retryDelay(attempt(0, "TIMEDOUT", { max_retries: 1 }), 1000)).toBeUndefined();
    expect(retryDelay(attempt(0, "TIMEDOUT", { max_retries: 1, retry_on_timeout: true }), 1000)).toBe(0);
    expect(retryDelay(attempt(0, "CANCELED", { max_retries: 1 }), 1000)).toBeUndefined();
    expect(retryDelay(attempt(0, "FAILED", { max_retries: 1, condition_task: {} }), 1000)).toBeUndefined();
  });

  it("waits min_retry_interval_millis from the start of the failed attempt", () => {
    expect(
      retryDelay(attempt(0, "FAILED", { max_retries: 1, min_retry_interval_millis: 5000 }, 1000), 4000),
    ).toBe(2000);
    expect(
      retryDelay(attempt(0, "FAILED", { max_retries: 1, min_retry_interval_millis: 5000 }, 1000), 9000),
    ).toBe(0);
  });

  it("reads the newest attempt of each task", () => {
    const tasks = [attempt(0, "FAILED"), { ...attempt(0, "SUCCESS"), task_key: "u" }, attempt(1, "SUCCESS")];
    expect(latestAttempts(tasks).map((t) => `${t.task_key}${t.attempt_number}${t.result}`)).toEqual([
      "t1SUCCESS",
      "u0SUCCESS",
    ]);
  });
});

describe("condition_task and dependencies on its outcome", () => {
  it.each([
    ["EQUAL_TO", "12.0", "12", "false"],
    ["NOT_EQUAL", "a", "b", "true"],
    ["GREATER_THAN_OR_EQUAL", "12.0", "12", "true"],
    ["LESS_THAN", "10", "9", "false"],
  ])("%s(%s, %s) is %s", (op, left, right, expected) => {
    expect(evaluateCondition(op, left, right)).toBe(expected);
  });

  it("fails an ordering operator on text", () => {
    expect(evaluateCondition("GREATER_THAN", "abc", "1")).toBeInstanceOf(Error);
  });

  it("excludes a task whose condition branch was not taken, and its dependents", () => {
    const cond = (outcome: string) => ({ result: "SUCCESS", outcome, wanted: "true" });
    expect(dependencyDecision(undefined, [cond("true")])).toBe("run");
    expect(dependencyDecision(undefined, [cond("false")])).toBe("EXCLUDED");
    expect(dependencyDecision("ALL_DONE", [cond("false")])).toBe("EXCLUDED");
    expect(dependencyDecision(undefined, [{ result: "EXCLUDED" }])).toBe("EXCLUDED");
    expect(dependencyDecision("NONE_FAILED", [cond("false"), { result: "SUCCESS" }])).toBe("run");
    expect(dependencyDecision(undefined, [{ result: "FAILED" }])).toBe("UPSTREAM_FAILED");
  });
});

describe("for_each_task inputs", () => {
  it("binds {{input}} and {{input.<key>}} and leaves other references", () => {
    const nested: TaskSettings = {
      task_key: "n",
      spark_python_task: { parameters: ["{{input}}", "{{input.id}}", "{{job.run_id}}"] },
    };
    expect(withInput(nested, "eu").spark_python_task).toEqual({
      parameters: ["eu", "{{input.id}}", "{{job.run_id}}"],
    });
    expect(withInput(nested, { id: 7 }).spark_python_task).toEqual({
      parameters: ['{"id":7}', "7", "{{job.run_id}}"],
    });
  });

  it("wants a JSON array", () => {
    expect(parseInputs('[1, "a"]')).toEqual([1, "a"]);
    expect(parseInputs('{"a": 1}')).toBeInstanceOf(Error);
    expect(parseInputs("nope")).toBeInstanceOf(Error);
  });

  it("ends when every input's newest attempt ended, failed if any did not succeed", () => {
    const it0 = { ...attempt(0, "FAILED"), iteration: 0 };
    const it0b = { ...attempt(1, "SUCCESS"), iteration: 0 };
    const it1 = { ...attempt(0, "SUCCESS"), iteration: 1 };
    expect(forEachResult([it0, it1])?.result).toBe("FAILED");
    expect(forEachResult([it0, it0b, it1])?.result).toBe("SUCCESS");
    expect(forEachResult([it0, { ...it1, life: "RUNNING" }])).toBeUndefined();
  });
});

describe("job triggers", () => {
  it("arms a valid schedule and skips a stored one it cannot read", () => {
    const clock = new ManualClock();
    const fired: string[] = [];
    const triggers = new JobTriggers(clock, (jobId) => (fired.push(jobId), undefined));
    const job = (job_id: string, quartz_cron_expression: string): JobDoc => ({
      job_id,
      created_time: 0,
      creator_user_name: "u",
      settings: { schedule: { quartz_cron_expression, timezone_id: "UTC" } },
    });
    triggers.sync(job("1", "0 0 * * * ?"));
    triggers.sync(job("2", "0 0 0 L * ?"));
    clock.advance(3_600_000);
    expect(fired).toEqual(["1"]);
    triggers.close();
  });
});
