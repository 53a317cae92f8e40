import { afterEach, describe, expect, it } from "vitest";
import df from "durable-functions";
import type { HistoryEvent } from "../../../local/host/durable/history.js";
import {
  LibraryRunner,
  engineFixture,
  shape,
  type EngineFixture,
  type Ctx,
  type Gen,
} from "./library-runner.js";

/**
 * Golden histories: what the engine records must equal what the Durable Task extension records for the
 * same orchestration. Expectations come from the protocol (../shared/reference/durable-protocol.md §2) and
 * from the histories in durable-functions' own test fixtures (test/testobjects/testhistories.ts:
 * GetHelloSequenceReplayFinal, GetSayHelloWithActivityRetryRetryTwo, GetSayHelloWithSubOrchestratorRetry*,
 * GetWaitForExternalEventEventReceived, GetWaitOnTimerFired): event types, event ids, task references,
 * names, inputs and the episode each event belongs to.
 */

let fx: EngineFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

/** The history cut into episodes (OrchestratorStarted … OrchestratorCompleted). */
function episodes(history: HistoryEvent[]): string[][] {
  const out: string[][] = [];
  for (const line of shape(history)) {
    if (line === "OrchestratorStarted") out.push([]);
    else if (line !== "OrchestratorCompleted") out[out.length - 1]?.push(line);
  }
  return out;
}

function runToEnd(f: EngineFixture, id: string, stepMs: number): Promise<void> {
  return f.advanceUntil(id, ["Completed", "Failed"], stepMs);
}

describe("golden histories", () => {
  it("HelloSequence: one activity per episode, inputs and results as JSON text", async () => {
    fx = engineFixture(
      new LibraryRunner(
        {
          HelloSequence: function* (ctx: Ctx): Gen {
            const out = [];
            for (const city of ["Tokyo", "Seattle", "London"])
              out.push(yield ctx.df.callActivity("Hello", city));
            return out;
          },
        },
        { Hello: (c) => `Hello ${String(c)}!` },
      ),
    );
    fx.engine.operations.start("HelloSequence", "golden-seq", null);
    await runToEnd(fx, "golden-seq", 0);
    const h = fx.engine.operations.history("golden-seq");
    expect(episodes(h)).toEqual([
      ["ExecutionStarted HelloSequence", "TaskScheduled#0 Hello"],
      ["TaskCompleted->0", "TaskScheduled#1 Hello"],
      ["TaskCompleted->1", "TaskScheduled#2 Hello"],
      ["TaskCompleted->2", "ExecutionCompleted"],
    ]);
    expect(h.filter((e) => e.EventType === 4).map((e) => e.Input)).toEqual([
      '"Tokyo"',
      '"Seattle"',
      '"London"',
    ]);
    expect(h.filter((e) => e.EventType === 5).map((e) => e.Result)).toEqual([
      '"Hello Tokyo!"',
      '"Hello Seattle!"',
      '"Hello London!"',
    ]);
    expect(h.at(-2)).toMatchObject({
      OrchestrationStatus: "Completed",
      Result: '["Hello Tokyo!","Hello Seattle!","Hello London!"]',
    });
  });

  it("activity retry: TimerCreated follows TaskFailed in the same episode, the next attempt follows TimerFired", async () => {
    let calls = 0;
    fx = engineFixture(
      new LibraryRunner(
        {
          SayHelloWithActivityRetry: function* (ctx: Ctx): Gen {
            return yield ctx.df.callActivityWithRetry(
              "Hello",
              new df.RetryOptions(10_000, 2),
              ctx.df.getInput(),
            );
          },
        },
        {
          Hello: () => {
            if (++calls <= 2) throw new Error("Result: Failure");
            return "never";
          },
        },
      ),
    );
    const startedAt = fx.clock.now();
    fx.engine.operations.start("SayHelloWithActivityRetry", "golden-retry", JSON.stringify("World"));
    await runToEnd(fx, "golden-retry", 10_000);
    const h = fx.engine.operations.history("golden-retry");
    expect(episodes(h)).toEqual([
      ["ExecutionStarted SayHelloWithActivityRetry", "TaskScheduled#0 Hello"],
      ["TaskFailed->0", "TimerCreated#1"],
      ["TimerFired->1", "TaskScheduled#2 Hello"],
      ["TaskFailed->2", "TimerCreated#3"],
      ["TimerFired->3", "ExecutionCompleted"],
    ]);
    const failed = h.find((e) => e.EventType === 6);
    expect(failed?.Reason).toBe("Activity function 'Hello' failed: Result: Failure");
    const firstTimer = h.find((e) => e.EventType === 10);
    expect(Date.parse(firstTimer?.FireAt ?? "") - Date.parse(firstTimer?.Timestamp ?? "")).toBe(10_000);
    expect(Date.parse(firstTimer?.Timestamp ?? "")).toBeGreaterThanOrEqual(startedAt);
    expect(fx.engine.operations.get("golden-retry")?.status).toBe("Failed");
  });

  it("sub-orchestration retry: SubOrchestrationInstanceCreated carries name, input and instance id", async () => {
    let runs = 0;
    fx = engineFixture(
      new LibraryRunner({
        SayHelloWithSubOrchestratorRetry: function* (ctx: Ctx): Gen {
          return yield ctx.df.callSubOrchestratorWithRetry(
            "SayHelloInline",
            new df.RetryOptions(10_000, 2),
            "World",
            "sub-1",
          );
        },
        SayHelloInline: function* (ctx: Ctx): Gen {
          if (++runs === 1) throw new Error("Result: Failure");
          return `Hello, ${String(ctx.df.getInput())}!`;
        },
      }),
    );
    fx.engine.operations.start("SayHelloWithSubOrchestratorRetry", "golden-sub", null);
    await runToEnd(fx, "golden-sub", 10_000);
    const h = fx.engine.operations.history("golden-sub");
    expect(episodes(h)).toEqual([
      [
        "ExecutionStarted SayHelloWithSubOrchestratorRetry",
        "SubOrchestrationInstanceCreated#0 SayHelloInline",
      ],
      ["SubOrchestrationInstanceFailed->0", "TimerCreated#1"],
      ["TimerFired->1", "SubOrchestrationInstanceCreated#2 SayHelloInline"],
      ["SubOrchestrationInstanceCompleted->2", "ExecutionCompleted"],
    ]);
    const created = h.filter((e) => e.EventType === 7);
    expect(created.map((e) => [e.InstanceId, e.Input])).toEqual([
      ["sub-1", '"World"'],
      ["sub-1", '"World"'],
    ]);
    expect(h.find((e) => e.EventType === 9)?.Reason).toBe(
      "Sub orchestrator function 'SayHelloInline' failed: Result: Failure",
    );
    expect(JSON.parse(fx.engine.operations.get("golden-sub")?.output ?? "null")).toBe("Hello, World!");
  });

  it("external event and timer: EventRaised has no id, TimerFired references its TimerCreated", async () => {
    fx = engineFixture(
      new LibraryRunner({
        WaitForExternalEvent: function* (ctx: Ctx): Gen {
          const value = yield ctx.df.waitForExternalEvent("start");
          yield ctx.df.createTimer(new Date(ctx.df.currentUtcDateTime.getTime() + 5_000));
          return value;
        },
      }),
    );
    fx.engine.operations.start("WaitForExternalEvent", "golden-event", null);
    await fx.waitForStatus("golden-event", ["Running"]);
    fx.engine.operations.raiseEvent("golden-event", "start", JSON.stringify({ go: true }));
    await runToEnd(fx, "golden-event", 5_000);
    const h = fx.engine.operations.history("golden-event");
    expect(episodes(h)).toEqual([
      ["ExecutionStarted WaitForExternalEvent"],
      ["EventRaised start", "TimerCreated#0"],
      ["TimerFired->0", "ExecutionCompleted"],
    ]);
    expect(h.find((e) => e.EventType === 15)).toMatchObject({
      EventId: -1,
      Name: "start",
      Input: '{"go":true}',
    });
    const created = h.find((e) => e.EventType === 10);
    expect(h.find((e) => e.EventType === 11)).toMatchObject({ TimerId: 0, FireAt: created?.FireAt });
  });
});
