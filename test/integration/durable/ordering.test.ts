import { afterEach, expect, it } from "vitest";
import df from "durable-functions";
import { LibraryRunner, engineFixture, type EngineFixture, type Ctx, type Gen } from "./library-runner.js";

let fx: EngineFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

/**
 * A retry failure and a completion that resumes the orchestrator arrive in the same episode, the completion
 * first. durable-functions numbers the retry timer before the task the resumed code yields only if the engine
 * delivers the failure first; otherwise the ids drift and the instance hangs or fails.
 */
it("numbers retry timers before tasks yielded in the same episode", async () => {
  const mayFinish = gate();
  let flakyCalls = 0;
  fx = engineFixture(
    new LibraryRunner(
      {
        Mixed: function* (ctx: Ctx): Gen {
          const flaky = ctx.df.callActivityWithRetry("Flaky", new df.RetryOptions(1000, 2), null);
          const quick = ctx.df.callActivity("Quick", "first");
          yield ctx.df.Task.any([flaky, quick]);
          const after = yield ctx.df.callActivity("Quick", "after");
          const f = yield flaky;
          return [after, f];
        },
      },
      {
        Quick: async (x) => {
          if (x === "first") await mayFinish.opened;
          return x;
        },
        Flaky: async () => {
          flakyCalls++;
          if (flakyCalls === 1) {
            await mayFinish.opened;
            throw new Error("first attempt fails");
          }
          return "flaky ok";
        },
      },
    ),
  );
  const f = fx;
  const id = f.engine.operations.start("Mixed", "mixed-1", null);
  if (!id.ok) throw new Error(id.message);
  await f.waitForStatus("mixed-1", ["Running"]);
  // Both activities are running and held; suspend so their results pile up in the inbox, then resume:
  // one episode receives the failure and the completion together.
  f.engine.operations.suspend("mixed-1", "batch the next events");
  await f.waitForStatus("mixed-1", ["Suspended"]);
  mayFinish.open();
  for (let i = 0; i < 400 && f.engine.dispatcher.busy > 0; i++) await new Promise((r) => setTimeout(r, 5));
  expect(f.engine.dispatcher.busy).toBe(0);
  f.engine.operations.resume("mixed-1", "go");
  await f.advanceUntil("mixed-1", ["Completed"], 1000);
  expect(JSON.parse(f.engine.operations.get("mixed-1")?.output ?? "null")).toEqual(["after", "flaky ok"]);
  const ids = f.engine.operations.history("mixed-1").filter((e) => e.EventType === 4 || e.EventType === 10);
  expect(ids.map((e) => `${e.EventType === 4 ? e.Name : "timer"}#${e.EventId}`)).toEqual([
    "Flaky#0",
    "Quick#1",
    "timer#2",
    "Quick#3",
    "Flaky#4",
  ]);
});
