import { afterEach, expect, it } from "vitest";
import df from "durable-functions";
import { LibraryRunner, engineFixture, type EngineFixture } from "./library-runner.js";

type Ctx = { df: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

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
  const quickDone = gate();
  const flakyMayFail = gate();
  let flakyCalls = 0;
  fx = engineFixture(
    new LibraryRunner(
      {
        Mixed: function* (ctx: Ctx) {
          const flaky = ctx.df.callActivityWithRetry("Flaky", new df.RetryOptions(1000, 2), null);
          const quick = ctx.df.callActivity("Quick", "first");
          yield ctx.df.Task.any([flaky, quick]);
          const after = yield ctx.df.callActivity("Quick", "after");
          const f = yield flaky;
          return [after, f];
        },
      },
      {
        Quick: (x) => {
          quickDone.open();
          return x;
        },
        Flaky: async () => {
          flakyCalls++;
          if (flakyCalls === 1) {
            await flakyMayFail.opened;
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
  await quickDone.opened;
  f.engine.operations.suspend("mixed-1", "batch the next events");
  await f.waitForStatus("mixed-1", ["Suspended"]);
  flakyMayFail.open();
  for (let i = 0; i < 200 && f.engine.operations.get("mixed-1")?.status !== "Completed"; i++) {
    if (i === 10) f.engine.operations.resume("mixed-1", "go");
    await new Promise((r) => setTimeout(r, 10));
    if (i > 10) f.clock.advance(1000);
  }
  await f.waitForStatus("mixed-1", ["Completed"]);
  expect(JSON.parse(f.engine.operations.get("mixed-1")?.output ?? "null")).toEqual(["after", "flaky ok"]);
  const ids = f.engine.operations.history("mixed-1").filter((e) => e.EventType === 4 || e.EventType === 10);
  expect(ids.map((e) => `${e.EventType === 4 ? e.Name : "timer"}#${e.EventId}`)).toEqual([
    "Flaky#0", "Quick#1", "timer#2", "Quick#3", "Flaky#4",
  ]);
});
