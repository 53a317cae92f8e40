import type { OrchestrationContext, Task } from "durable-functions";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../shared/errors/taxonomy.js";
import { ActivityError } from "../../shared/durable/activity-error.js";
import { CheckGate, Deploy, Notify } from "./examples/approval.contracts.js";
import { approvalOrchestrator } from "./examples/approval.orchestrator.js";
import { fake, HarnessError, runOrchestration, type HarnessOptions } from "./orchestration.js";

const input = { targets: ["dev", "prod"], metric: 0.9, approvalTimeoutMinutes: 30 };
const passing = {
  ...fake(CheckGate, () => ({ kind: "passed" as const })),
  ...fake(Deploy, ({ target }) => ({ deploymentId: `d-${target}` })),
  ...fake(Notify, () => null),
};
const run = (options: HarnessOptions = {}) =>
  runOrchestration(approvalOrchestrator, { input, activities: passing, ...options });

describe("runOrchestration on the example approval orchestrator", () => {
  it("returns the output and records activities, timers and event waits in order", async () => {
    const result = await run({
      events: [{ name: "Approval", data: { approved: true, by: "ana" }, afterMs: 60_000 }],
    });
    expect(result.status).toBe("completed");
    expect(result.output).toEqual({
      kind: "deployed",
      deploymentIds: ["d-dev", "d-prod"],
      approvedBy: "ana",
    });
    expect(result.steps).toEqual([
      { kind: "activity", name: "ExampleCheckGate", input: { metric: 0.9 } },
      { kind: "event", name: "Approval" },
      { kind: "timer", fireAt: "2026-01-01T00:30:00.000Z" },
      { kind: "activity", name: "ExampleDeploy", input: { target: "dev" } },
      { kind: "activity", name: "ExampleDeploy", input: { target: "prod" } },
      { kind: "activity", name: "ExampleNotify", input: { target: "dev", outcome: "deployed" } },
      { kind: "activity", name: "ExampleNotify", input: { target: "prod", outcome: "deployed" } },
    ]);
    expect(result.customStatus).toEqual([{ step: "gate" }, { step: "approval" }, { step: "deploy" }]);
    expect(result.finishedAt).toBe("2026-01-01T00:01:00.000Z");
    expect(result.pendingTimers).toEqual([]);
  });

  it("lets the timer win when the event arrives after the deadline", async () => {
    const result = await run({
      events: [{ name: "Approval", data: { approved: true, by: "x" }, afterMs: 31 * 60_000 }],
    });
    expect(result.output).toEqual({ kind: "timedOut" });
    expect(result.finishedAt).toBe("2026-01-01T00:30:00.000Z");
  });

  it("turns a non-retryable AppError in an activity into a typed ActivityError in the orchestrator", async () => {
    const activities = {
      ...passing,
      ...fake(CheckGate, (): never => {
        throw new ValidationError("metric missing", { code: "METRIC_MISSING" });
      }),
    };
    const result = await run({ activities });
    expect(result.status).toBe("failed");
    expect(result.error).toBeInstanceOf(ActivityError);
    expect(result.error).toMatchObject({
      code: "METRIC_MISSING",
      activity: "ExampleCheckGate",
      retryable: false,
    });
    expect(result.steps).toHaveLength(1);
  });

  it("retries thrown errors per the contract's policy, advancing the clock, then succeeds", async () => {
    let calls = 0;
    const flaky = fake(Deploy, ({ target }) => {
      calls += 1;
      if (calls <= 2) throw new Error("ECONNRESET");
      return { deploymentId: `d-${target}` };
    });
    const result = await run({
      activities: { ...passing, ...flaky },
      events: [{ name: "Approval", data: { approved: true, by: "a" } }],
    });
    expect(result.status).toBe("completed");
    expect(result.steps.filter((s) => s.kind === "activity" && s.name === "ExampleDeploy")).toHaveLength(4);
    // transient policy: 1 s then 2 s between attempts
    expect(result.finishedAt).toBe("2026-01-01T00:00:03.000Z");
  });

  it("fails the orchestration with a plain Error once retries are exhausted", async () => {
    const broken = fake(Deploy, (): never => {
      throw new Error("ECONNRESET");
    });
    const result = await run({
      activities: { ...passing, ...broken },
      events: [{ name: "Approval", data: { approved: true, by: "a" } }],
    });
    expect(result.status).toBe("failed");
    expect(result.error?.message).toContain("ECONNRESET");
    expect(result.error).not.toBeInstanceOf(ActivityError);
    // Task.all surfaces the first failure: dev tried 3 times, prod was scheduled once.
    const deploys = result.steps.filter((s) => s.kind === "activity" && s.name === "ExampleDeploy");
    expect(deploys.map((s) => s.kind === "activity" && s.input)).toEqual([
      { target: "dev" },
      { target: "prod" },
      { target: "dev" },
      { target: "dev" },
    ]);
  });

  it("logs through the replay-safe logger exactly once despite the replay pass", async () => {
    const result = await run({ events: [{ name: "Approval", data: { approved: true, by: "a" } }] });
    expect(result.logs.map((l) => l.args[0])).toEqual(["waiting for approval", "deployed"]);
  });

  it("fails the test, not the orchestration, when setup is wrong", async () => {
    await expect(run({ activities: {} })).rejects.toThrow(/No fake activity named ExampleCheckGate/);
  });

  it("fails the test when the orchestration would wait forever", async () => {
    function* waiting(ctx: OrchestrationContext): Generator<Task, unknown, unknown> {
      return yield ctx.df.waitForExternalEvent("Approval");
    }
    await expect(runOrchestration(waiting)).rejects.toThrow(/waits forever for event "Approval"/);
    const answered = await runOrchestration(waiting, { events: [{ name: "Approval", data: "yes" }] });
    expect(answered.output).toBe("yes");
  });
});

describe("runOrchestration guards", () => {
  it("detects a non-deterministic orchestrator", async () => {
    let flip = false;
    function* unstable(ctx: OrchestrationContext) {
      flip = !flip;
      yield ctx.df.callActivity(flip ? "A" : "B");
    }
    const activities = { A: () => 1, B: () => 2 };
    await expect(runOrchestration(unstable, { activities })).rejects.toThrow(HarnessError);
  });

  it("catches a forgotten yield*", async () => {
    function* forgot(ctx: OrchestrationContext) {
      yield callActivityLike(ctx) as never;
    }
    const callActivityLike = (ctx: OrchestrationContext) =>
      (function* () {
        yield ctx.df.callActivity("A");
      })();
    await expect(runOrchestration(forgot, { activities: { A: () => 1 } })).rejects.toThrow(/yield\*/);
  });

  it("reports timers left running", async () => {
    function* leaky(ctx: OrchestrationContext) {
      const timer = ctx.df.createTimer(new Date(Date.parse("2026-01-02T00:00:00Z")));
      yield ctx.df.Task.any([ctx.df.callActivity("A"), timer]);
    }
    const result = await runOrchestration(leaky, { activities: { A: () => 1 } });
    expect(result.pendingTimers).toEqual(["2026-01-02T00:00:00.000Z"]);
  });

  it("restarts the generator on continueAsNew with the new input, dropping the old execution's timers", async () => {
    function* counter(ctx: OrchestrationContext): Generator<Task, unknown, unknown> {
      const n = ctx.df.getInput<number>();
      const timer = ctx.df.createTimer(new Date(ctx.df.currentUtcDateTime.getTime() + 60_000));
      yield ctx.df.Task.any([ctx.df.callActivity("A", n), timer]);
      if (n >= 2) return n;
      ctx.df.continueAsNew(n + 1);
      return undefined;
    }
    const result = await runOrchestration(counter, { input: 0, activities: { A: (i: unknown) => i } });
    expect(result.output).toBe(2);
    expect(result.steps.filter((s) => s.kind === "continueAsNew")).toEqual([
      { kind: "continueAsNew", input: 1 },
      { kind: "continueAsNew", input: 2 },
    ]);
    expect(result.pendingTimers).toEqual(["2026-01-01T00:01:00.000Z"]);
  });

  it("sends data through JSON like the real boundary", async () => {
    function* echo(ctx: OrchestrationContext): Generator<Task, unknown, unknown> {
      return yield ctx.df.callActivity("A", { at: new Date(Date.parse("2026-01-01T00:00:00Z")) });
    }
    const seen: unknown[] = [];
    const result = await runOrchestration(echo, { activities: { A: (i: unknown) => (seen.push(i), i) } });
    expect(seen).toEqual([{ at: "2026-01-01T00:00:00.000Z" }]);
    expect(result.output).toEqual({ ok: true, value: { at: "2026-01-01T00:00:00.000Z" } });
  });
});
