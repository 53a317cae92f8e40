import { afterEach, describe, expect, it } from "vitest";
import df from "durable-functions";
import {
  LibraryRunner,
  engineFixture,
  shape,
  type EngineFixture,
  type Ctx,
  type Gen,
  startInstance,
  outputOf,
} from "./library-runner.js";

let fx: EngineFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

const approval = function* (ctx: Ctx): Gen {
  const deadline = new Date(ctx.df.currentUtcDateTime.getTime() + 3_600_000);
  const timeout = ctx.df.createTimer(deadline);
  const answer = ctx.df.waitForExternalEvent("approval");
  const winner = yield ctx.df.Task.any([answer, timeout]);
  if (winner === answer) {
    timeout.cancel();
    return { approved: answer.result };
  }
  return { approved: "timed out" };
};

describe("durable engine: events, races, sub-orchestrations, continue-as-new", () => {
  it("delivers an external event raised before the orchestrator waits for it", async () => {
    fx = engineFixture(
      new LibraryRunner(
        {
          Late: function* (ctx: Ctx): Gen {
            yield ctx.df.callActivity("Slow", null);
            const data = yield ctx.df.waitForExternalEvent("go");
            return data;
          },
        },
        { Slow: () => "done" },
      ),
    );
    const id = startInstance(fx, "Late", null);
    expect(fx.engine.operations.raiseEvent(id, "go", JSON.stringify({ n: 1 })).ok).toBe(true);
    await fx.waitForStatus(id, ["Completed"]);
    expect(outputOf(fx, id)).toEqual({ n: 1 });
  });

  it("lets an approval win a race against its deadline", async () => {
    fx = engineFixture(new LibraryRunner({ Approval: approval }));
    const id = startInstance(fx, "Approval", null);
    await fx.waitForStatus(id, ["Running"]);
    await tick();
    fx.engine.operations.raiseEvent(id, "approval", JSON.stringify("alice"));
    await fx.waitForStatus(id, ["Completed"]);
    expect(outputOf(fx, id)).toEqual({ approved: "alice" });
  });

  it("lets the deadline win when nobody approves", async () => {
    fx = engineFixture(new LibraryRunner({ Approval: approval }));
    const id = startInstance(fx, "Approval", null);
    await fx.waitForStatus(id, ["Running"]);
    await tick();
    fx.clock.advance(3_600_000);
    await fx.waitForStatus(id, ["Completed"]);
    expect(outputOf(fx, id)).toEqual({ approved: "timed out" });
    expect(fx.engine.operations.raiseEvent(id, "approval", "1")).toMatchObject({ ok: false, status: 410 });
  });

  it("runs sub-orchestrations with explicit and generated ids, and retries a failing one", async () => {
    let childRuns = 0;
    fx = engineFixture(
      new LibraryRunner({
        Parent: function* (ctx: Ctx): Gen {
          const a = yield ctx.df.callSubOrchestrator("Child", 2, "child-explicit");
          const b = yield ctx.df.callSubOrchestrator("Child", 3);
          const c = yield ctx.df.callSubOrchestratorWithRetry("FlakyChild", new df.RetryOptions(100, 2), 4);
          return [a, b, c, ctx.df.instanceId];
        },
        Child: function* (ctx: Ctx): Gen {
          return ctx.df.getInput<number>() * 10;
        },
        FlakyChild: function* (ctx: Ctx): Gen {
          childRuns++;
          if (childRuns === 1) throw new Error("first child attempt fails");
          return ctx.df.getInput<number>() * 100;
        },
      }),
    );
    const id = startInstance(fx, "Parent", null, "parent-1");
    await fx.advanceUntil(id, ["Completed"], 100);
    expect(outputOf(fx, id)).toEqual([20, 30, 400, "parent-1"]);
    expect(fx.engine.operations.get("child-explicit")?.parentId).toBe("parent-1");
    const created = fx.engine.operations.history(id).filter((e) => e.EventType === 7);
    expect(created.map((e) => e.EventId)).toEqual([0, 1, 2, 4]);
    expect(created[1]?.InstanceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created[2]?.InstanceId).not.toBe(created[3]?.InstanceId);
    expect(fx.engine.operations.get(created[2]?.InstanceId ?? "")?.status).toBe("Failed");
  });

  it("continues as new with a fresh history and keeps custom status", async () => {
    fx = engineFixture(
      new LibraryRunner({
        Counter: function* (ctx: Ctx): Gen {
          const n = ctx.df.getInput<number>();
          ctx.df.setCustomStatus({ n });
          if (n < 3) {
            ctx.df.continueAsNew(n + 1);
            return undefined;
          }
          return n;
        },
      }),
    );
    const id = startInstance(fx, "Counter", 0);
    await fx.waitForStatus(id, ["Completed"]);
    expect(outputOf(fx, id)).toBe(3);
    expect(JSON.parse(fx.engine.operations.get(id)?.customStatus ?? "null")).toEqual({ n: 3 });
    expect(shape(fx.engine.operations.history(id))).toEqual([
      "OrchestratorStarted",
      "ExecutionStarted Counter",
      "ExecutionCompleted",
      "OrchestratorCompleted",
    ]);
  });

  it("fails an instance whose replay no longer matches its history (non-determinism)", async () => {
    const runner = new LibraryRunner(
      {
        Changing: function* (ctx: Ctx): Gen {
          yield ctx.df.callActivity("A", null);
          return yield ctx.df.waitForExternalEvent("next");
        },
      },
      { A: () => 1, B: () => 2 },
    );
    fx = engineFixture(runner);
    const id = startInstance(fx, "Changing", null);
    await fx.waitForStatus(id, ["Running"]);
    await tick(50);
    runner.orchestrations.Changing = function* (ctx: Ctx): Gen {
      yield ctx.df.callActivity("B", null);
      return yield ctx.df.waitForExternalEvent("next");
    };
    fx.engine.operations.raiseEvent(id, "next", "1");
    await fx.waitForStatus(id, ["Failed"]);
    expect(outputOf(fx, id)).toMatch(/Non-Deterministic workflow detected.*activity 'A'/);
  });

  it("fails the parent's task when a sub-orchestration throws, and the orchestrator's own failure is recorded", async () => {
    fx = engineFixture(
      new LibraryRunner({
        Parent: function* (ctx: Ctx): Gen {
          yield ctx.df.callSubOrchestrator("Bad", null, "bad-child");
          return "unreachable";
        },
        Bad: function* (): Gen {
          yield* [];
          throw new Error("child exploded");
        },
      }),
    );
    const id = startInstance(fx, "Parent", null);
    await fx.waitForStatus(id, ["Failed"]);
    expect(outputOf(fx, id)).toMatch(/Sub orchestrator function 'Bad' failed: child exploded/);
    expect(fx.engine.operations.get("bad-child")?.status).toBe("Failed");
  });
});
