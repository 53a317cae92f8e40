import * as df from "durable-functions";
import type { Task } from "durable-functions";
import { describe, expect, it } from "vitest";
import { ActivityError } from "../../../shared/durable/activity-error.js";
import {
  callActivity,
  resultOf,
  scheduleActivity,
  unwrap,
  whenAll,
  type ActivityScheduler,
} from "../../../shared/durable/call-activity.js";
import { defineActivity } from "../../../shared/durable/contracts.js";
import { RetryPolicies } from "../../../shared/durable/retry-policies.js";

const Submit = defineActivity<{ job: string }, { runId: number }>("Submit");
const Poll = defineActivity<{ runId: number }, string>("Poll", { retry: RetryPolicies.databricks });

function recordingCtx() {
  const calls: unknown[][] = [];
  const task = (...args: unknown[]): Task => {
    calls.push(args);
    return { isCompleted: false, isFaulted: false, result: args };
  };
  const ctx: ActivityScheduler = {
    df: {
      callActivity: (name, input) => task("callActivity", name, input),
      callActivityWithRetry: (name, retry, input) => task("callActivityWithRetry", name, retry, input),
      Task: { all: (tasks) => task("all", tasks.length), any: (tasks) => task("any", tasks.length) },
    },
  };
  return { ctx, calls };
}

describe("callActivity", () => {
  it("yields one task and returns the unwrapped, typed value", () => {
    const { ctx, calls } = recordingCtx();
    const gen = callActivity(ctx, Submit, { job: "train" });
    expect(gen.next().done).toBe(false);
    const end = gen.next({ ok: true, value: { runId: 7 } });
    expect(end).toEqual({ done: true, value: { runId: 7 } });
    expect(calls).toEqual([["callActivity", "Submit", { job: "train" }]]);
  });

  it("uses the contract's retry policy, and an explicit one over it", () => {
    const { ctx, calls } = recordingCtx();
    callActivity(ctx, Poll, { runId: 1 }).next();
    callActivity(ctx, Submit, { job: "x" }, RetryPolicies.transient).next();
    expect(calls).toEqual([
      ["callActivityWithRetry", "Poll", RetryPolicies.databricks, { runId: 1 }],
      ["callActivityWithRetry", "Submit", RetryPolicies.transient, { job: "x" }],
    ]);
  });

  it("rethrows a failure envelope as a typed ActivityError", () => {
    const { ctx } = recordingCtx();
    const gen = callActivity(ctx, Submit, { job: "x" });
    gen.next();
    let thrown: unknown;
    try {
      gen.next({ ok: false, error: { code: "JOB_NOT_FOUND", message: "no job x" } });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ActivityError);
    expect(thrown).toMatchObject({
      code: "JOB_NOT_FOUND",
      message: "no job x",
      activity: "Submit",
      retryable: false,
    });
  });
});

describe("unwrap", () => {
  it.each([undefined, null, 42, { value: 1 }])(
    "refuses %j, which no implement()ed activity returns",
    (raw) => {
      expect(() => unwrap("Submit", raw)).toThrow(/implement\(\)/);
    },
  );

  it("returns undefined for an ok envelope whose value JSON dropped", () => {
    expect(unwrap("Notify", { ok: true })).toBeUndefined();
  });
});

describe("whenAll and resultOf", () => {
  it("fans in typed results in order", () => {
    const { ctx, calls } = recordingCtx();
    const gen = whenAll(ctx, [
      scheduleActivity(ctx, Submit, { job: "a" }),
      scheduleActivity(ctx, Poll, { runId: 2 }),
    ]);
    gen.next();
    const end = gen.next([
      { ok: true, value: { runId: 1 } },
      { ok: true, value: "RUNNING" },
    ]);
    expect(end.value).toEqual([{ runId: 1 }, "RUNNING"]);
    expect(calls.at(-1)).toEqual(["all", 2]);
  });

  it("reads a completed task's result", () => {
    const { ctx } = recordingCtx();
    const scheduled = scheduleActivity(ctx, Submit, { job: "a" });
    scheduled.task.result = { ok: true, value: { runId: 3 } };
    expect(resultOf(scheduled)).toEqual({ runId: 3 });
  });

  it("still accepts real RetryOptions instances", () => {
    expect(RetryPolicies.transient).toBeInstanceOf(df.RetryOptions);
  });
});
