import { describe, expect, it } from "vitest";
import { runSteps, StepError, type Narrator, type Step } from "../../../local/demo/runner.js";

/** A clock the steps advance, and a narrator that records what it was told. */
function harness() {
  let t = 0;
  const events: string[] = [];
  const narrator: Narrator = {
    started: (i, n, title) => events.push(`start ${i}/${n} ${title}`),
    progress: (m, ms) => events.push(`progress ${ms} ${m}`),
    passed: (title, ms, detail) => events.push(`pass ${title} ${ms} ${detail}`),
    failed: (title, ms, reason) => events.push(`fail ${title} ${ms} ${reason}`),
  };
  const step = (name: string, ms: number, outcome: string | Error, progress?: string): Step<string[]> => ({
    name,
    title: `title ${name}`,
    run(state, ctx) {
      state.push(name);
      if (progress !== undefined) {
        t += 1;
        ctx.progress(progress);
      }
      t += ms;
      return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
    },
  });
  return { now: () => t, events, narrator, step };
}

describe("runSteps", () => {
  it("runs every step in order on one state, timing and narrating each", async () => {
    const h = harness();
    const state: string[] = [];
    const outcome = await runSteps(
      [h.step("a", 100, "did a", "half way"), h.step("b", 2_000, "did b")],
      state,
      h.narrator,
      h.now,
    );
    expect(state).toEqual(["a", "b"]);
    expect(outcome.failure).toBeUndefined();
    expect(outcome.totalMs).toBe(2_101);
    expect(outcome.results).toEqual([
      { name: "a", title: "title a", state: "passed", ms: 101, detail: "did a" },
      { name: "b", title: "title b", state: "passed", ms: 2_000, detail: "did b" },
    ]);
    expect(h.events).toEqual([
      "start 1/2 title a",
      "progress 1 half way",
      "pass title a 101 did a",
      "start 2/2 title b",
      "pass title b 2000 did b",
    ]);
  });

  it("stops at the first failure, names it with its reason and marks the rest not run", async () => {
    const h = harness();
    const state: string[] = [];
    const outcome = await runSteps(
      [
        h.step("a", 5, "ok"),
        h.step("b", 7, new StepError("the gate rejected the model")),
        h.step("c", 1, "never"),
      ],
      state,
      h.narrator,
      h.now,
    );
    expect(state).toEqual(["a", "b"]);
    expect(outcome.failure).toEqual({ name: "b", reason: "the gate rejected the model" });
    expect(outcome.results.map((r) => [r.name, r.state, r.ms])).toEqual([
      ["a", "passed", 5],
      ["b", "failed", 7],
      ["c", "not run", null],
    ]);
    expect(h.events.at(-1)).toBe("fail title b 7 the gate rejected the model");
  });

  it("reports any thrown value as the reason, not only StepErrors", async () => {
    const h = harness();
    const broken: Step<string[]> = {
      name: "x",
      title: "x",
      run: () => Promise.reject(new TypeError("boom")),
    };
    const odd: Step<string[]> = {
      name: "y",
      title: "y",
      run: () => {
        // A thrown non-Error (a library rejecting with a plain object) still yields a readable reason.
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw { code: 7 };
      },
    };
    expect((await runSteps([broken], [], h.narrator, h.now)).failure).toEqual({ name: "x", reason: "boom" });
    expect((await runSteps([odd], [], h.narrator, h.now)).failure).toEqual({
      name: "y",
      reason: '{"code":7}',
    });
  });
});
