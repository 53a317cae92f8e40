import { describe, expect, it } from "vitest";
import { pollUntil, type Check } from "../../../local/demo/poll.js";
import { StepError } from "../../../local/demo/runner.js";

/** A virtual clock: waiting advances it, so no test sleeps. */
function clock() {
  let t = 0;
  return { now: () => t, wait: (ms: number) => Promise.resolve((t += ms)) };
}

describe("pollUntil", () => {
  it("returns the value once done, reporting each new note once", async () => {
    const c = clock();
    const seen: Check<number>[] = [
      { done: false, note: "Pending" },
      { done: false, note: "Pending" },
      { done: false, note: "Running: train" },
      { done: true, value: 42 },
    ];
    const notes: string[] = [];
    const value = await pollUntil(() => Promise.resolve(seen.shift()!), {
      what: "x",
      timeoutMs: 60_000,
      intervalMs: 1_000,
      onNote: (n) => notes.push(n),
      ...c,
    });
    expect(value).toBe(42);
    expect(notes).toEqual(["Pending", "Running: train"]);
    expect(c.now()).toBe(3_000);
  });

  it("times out naming what it waited for and the last state seen", async () => {
    const c = clock();
    const wait = pollUntil(() => Promise.resolve({ done: false, note: "Running: deploy" } as Check<never>), {
      what: "DeployOnPush gh-1",
      timeoutMs: 10_000,
      intervalMs: 3_000,
      ...c,
    });
    await expect(wait).rejects.toThrow(StepError);
    await expect(wait).rejects.toThrow(
      "timed out after 10 s waiting for DeployOnPush gh-1 (last seen: Running: deploy)",
    );
  });

  it("ends at once when the check throws (a failed state is not waited out)", async () => {
    const c = clock();
    let calls = 0;
    const failing = () => {
      calls += 1;
      return Promise.reject(new StepError("pipeline p1 failed"));
    };
    await expect(pollUntil(failing, { what: "x", timeoutMs: 60_000, ...c })).rejects.toThrow(
      "pipeline p1 failed",
    );
    expect(calls).toBe(1);
  });
});
