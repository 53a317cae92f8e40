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

describe("durable engine: one test per pattern", () => {
  it("chains activities and records the history the extension records", async () => {
    fx = engineFixture(
      new LibraryRunner(
        {
          Chain: function* (ctx: Ctx): Gen {
            const a = yield ctx.df.callActivity("Hello", "Tokyo");
            const b = yield ctx.df.callActivity("Hello", "Seattle");
            return [a, b];
          },
        },
        { Hello: (name) => `Hello ${String(name)}!` },
      ),
    );
    const id = startInstance(fx, "Chain", null, "chain-1");
    await fx.waitForStatus(id, ["Completed"]);
    expect(outputOf(fx, id)).toEqual(["Hello Tokyo!", "Hello Seattle!"]);
    expect(shape(fx.engine.operations.history(id))).toEqual([
      "OrchestratorStarted",
      "ExecutionStarted Chain",
      "TaskScheduled#0 Hello",
      "OrchestratorCompleted",
      "OrchestratorStarted",
      "TaskCompleted->0",
      "TaskScheduled#1 Hello",
      "OrchestratorCompleted",
      "OrchestratorStarted",
      "TaskCompleted->1",
      "ExecutionCompleted",
      "OrchestratorCompleted",
    ]);
  });

  it("fans out and in with Task.all", async () => {
    fx = engineFixture(
      new LibraryRunner(
        {
          FanOut: function* (ctx: Ctx): Gen {
            const n = ctx.df.getInput<number>();
            const tasks = Array.from({ length: n }, (_, i) => ctx.df.callActivity("Square", i));
            const results = (yield ctx.df.Task.all(tasks)) as number[];
            return results.reduce((s, x) => s + x, 0);
          },
        },
        { Square: (x) => (x as number) ** 2 },
      ),
    );
    const id = startInstance(fx, "FanOut", 20);
    await fx.waitForStatus(id, ["Completed"]);
    expect(outputOf(fx, id)).toBe(Array.from({ length: 20 }, (_, i) => i * i).reduce((s, x) => s + x, 0));
    const scheduled = fx.engine.operations
      .history(id)
      .filter((e) => e.EventType === 4)
      .map((e) => e.EventId);
    expect(scheduled).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("retries a failing activity host-side with a timer after every failure", async () => {
    let calls = 0;
    fx = engineFixture(
      new LibraryRunner(
        {
          Retry: function* (ctx: Ctx): Gen {
            return yield ctx.df.callActivityWithRetry("Flaky", new df.RetryOptions(1000, 3), "x");
          },
        },
        {
          Flaky: () => {
            calls++;
            if (calls < 3) throw new Error(`boom ${calls}`);
            return "ok";
          },
        },
      ),
    );
    const id = startInstance(fx, "Retry", null);
    await fx.waitForStatus(id, ["Running"]);
    await fx.advanceUntil(id, ["Completed"], 1000);
    expect(outputOf(fx, id)).toBe("ok");
    expect(shape(fx.engine.operations.history(id)).filter((s) => !s.startsWith("Orchestrator"))).toEqual([
      "ExecutionStarted Retry",
      "TaskScheduled#0 Flaky",
      "TaskFailed->0",
      "TimerCreated#1",
      "TimerFired->1",
      "TaskScheduled#2 Flaky",
      "TaskFailed->2",
      "TimerCreated#3",
      "TimerFired->3",
      "TaskScheduled#4 Flaky",
      "TaskCompleted->4",
      "ExecutionCompleted",
    ]);
  });

  it("surfaces the last error after the final retry timer when every attempt fails", async () => {
    fx = engineFixture(
      new LibraryRunner(
        {
          Retry: function* (ctx: Ctx): Gen {
            try {
              yield ctx.df.callActivityWithRetry("Broken", new df.RetryOptions(500, 2), null);
              return "unexpected";
            } catch (err) {
              return `caught: ${(err as Error).message.split("\n")[0]?.trim() ?? ""}`;
            }
          },
        },
        {
          Broken: () => {
            throw new Error("always");
          },
        },
      ),
    );
    const id = startInstance(fx, "Retry", null);
    await fx.advanceUntil(id, ["Completed"], 500);
    expect(outputOf(fx, id)).toBe("caught: Activity function 'Broken' failed: always");
    const timers = fx.engine.operations
      .history(id)
      .filter((e) => e.EventType === 10)
      .map((e) => e.EventId);
    expect(timers).toEqual([1, 3]);
  });

  it("waits for a durable timer on the virtual clock", async () => {
    fx = engineFixture(
      new LibraryRunner({
        Sleep: function* (ctx: Ctx): Gen {
          const at = new Date(ctx.df.currentUtcDateTime.getTime() + 60_000);
          yield ctx.df.createTimer(at);
          return "woke";
        },
      }),
    );
    const id = startInstance(fx, "Sleep", null);
    await fx.waitForStatus(id, ["Running"]);
    await new Promise((r) => setTimeout(r, 30));
    expect(fx.engine.operations.get(id)?.status).toBe("Running");
    fx.clock.advance(60_000);
    await fx.waitForStatus(id, ["Completed"]);
    expect(outputOf(fx, id)).toBe("woke");
  });

  it("splits a 10-day timer into pieces as the extension does and fires once at the end", async () => {
    const day = 86_400_000;
    fx = engineFixture(
      new LibraryRunner({
        Long: function* (ctx: Ctx): Gen {
          yield ctx.df.createTimer(new Date(ctx.df.currentUtcDateTime.getTime() + 10 * day));
          return ctx.df.currentUtcDateTime.toISOString();
        },
      }),
    );
    const begin = fx.clock.now();
    const id = startInstance(fx, "Long", null);
    await fx.waitForStatus(id, ["Running"]);
    // Step the clock to each piece's fire time and wait for the engine to create the next piece, so the
    // pieces do not depend on how fast this machine is.
    const pieces = () => fx?.engine.operations.history(id).filter((e) => e.EventType === 10).length ?? 0;
    const waitForPieces = async (n: number) => {
      for (let i = 0; i < 2000 && pieces() < n; i++) await new Promise((r) => setTimeout(r, 5));
    };
    await waitForPieces(1);
    fx.clock.advance(3 * day);
    await waitForPieces(2);
    fx.clock.advance(3 * day);
    await waitForPieces(3);
    fx.clock.advance(4 * day);
    await fx.waitForStatus(id, ["Completed"]);
    expect(Date.parse(outputOf(fx, id) as string)).toBeGreaterThanOrEqual(begin + 10 * day);
    const created = fx.engine.operations.history(id).filter((e) => e.EventType === 10);
    expect(created.map((e) => e.EventId)).toEqual([0, 1, 2]);
    expect(created.map((e) => Date.parse(e.FireAt ?? "") - begin)).toEqual([3 * day, 6 * day, 10 * day]);
  });
});
