import { describe, expect, it } from "vitest";
import { runOrchestration } from "../../../harness/orchestration.js";
import { COPY_POLL } from "../../../../shared/pipelines/promotion/copy.orchestrator.js";
import { approve, input, promote, ready, world } from "./world.js";

const cross = {
  ...ready,
  sourceModel: "staging.ml.churn",
  targetModel: "prod.ml.churn",
  championBefore: "11",
};

const timers = (steps: readonly { kind: string }[]) => steps.filter((s) => s.kind === "timer").length;

describe("promote: the cross-catalog copy as a one-time run", () => {
  it("submits the copy run, watches it on durable timers, and sets champion on the copy read back", async () => {
    const w = world({ preflight: cross, copy: { outcomes: ["running", "running", "succeeded"] } });
    const result = await runOrchestration(promote, { input, activities: w.activities, events: [approve()] });
    expect(result.output).toMatchObject({ kind: "promoted", targetVersion: "12" });
    expect(w.copies).toEqual(["staging.ml.churn/4 -> prod.ml.churn"]);
    expect(w.copyPolls).toEqual(["running", "running", "succeeded"]);
    const submit = result.steps.find((s) => s.kind === "activity" && s.name === "SubmitModelCopy");
    expect(submit?.kind === "activity" ? submit.input : null).toEqual({
      from: { target: "staging", model: "staging.ml.churn", version: "4" },
      to: { target: "prod", model: "prod.ml.churn" },
      recordId: input.recordId,
    });
    const gets = result.steps.filter((s) => s.kind === "activity" && s.name === "GetJobRun");
    expect(gets.map((s) => (s.kind === "activity" ? s.input : null))).toEqual(
      Array(3).fill({ target: "prod", runId: "700" }),
    );
    expect(w.aliases.get("champion")).toBe("12");
    expect(result.pendingTimers).toEqual([]);
  });

  it("reuses a copy found by its marker: no run is submitted (a retried or repeated promotion)", async () => {
    const w = world({ preflight: cross, copy: { existing: "9" } });
    const result = await runOrchestration(promote, { input, activities: w.activities, events: [approve()] });
    expect(result.output).toMatchObject({ kind: "promoted", targetVersion: "9" });
    expect(w.copies).toEqual([]);
    expect(w.copyPolls).toEqual([]);
  });

  it("a failed copy run fails the copy step with its state message; only the deploy is undone", async () => {
    const w = world({ preflight: cross, copy: { outcomes: ["failed"] } });
    const result = await runOrchestration(promote, { input, activities: w.activities, events: [approve()] });
    expect(result.output).toMatchObject({
      kind: "failed",
      step: "copy",
      message: "copy run 700 failed: PERMISSION_DENIED on prod.ml",
      compensated: ["redeploy c3"],
    });
    expect(w.aliases.get("champion")).toBe("3");
  });

  it("a run that succeeds without a copy carrying the marker fails the step instead of guessing a version", async () => {
    const w = world({ preflight: cross, copy: { missingAfterRun: true, outcomes: ["succeeded"] } });
    const result = await runOrchestration(promote, { input, activities: w.activities, events: [approve()] });
    expect(result.output).toMatchObject({
      kind: "failed",
      step: "copy",
      message: "copy run 700 succeeded but prod.ml.churn has no copy of staging.ml.churn/4",
    });
  });

  it("cancels a copy run still going at the copy timeout and fails the step", async () => {
    const w = world({ preflight: cross, copy: { outcomes: ["running"] } });
    const result = await runOrchestration(promote, { input, activities: w.activities, events: [approve()] });
    expect(result.output).toMatchObject({ kind: "failed", step: "copy" });
    expect((result.output as { message: string }).message).toMatch(
      /^copy run 700 did not finish within 1800 s/,
    );
    expect(w.canceled).toEqual(["700"]);
    // Backoff 5, 10, 20, 40, then every 60 s up to the deadline: bounded, not a tight loop.
    expect(timers(result.steps)).toBeLessThanOrEqual(4 + COPY_POLL.timeoutSeconds / COPY_POLL.maxSeconds + 1);
  });
});
