import { describe, expect, it } from "vitest";
import { runJobOrchestrator, type RunJobInput } from "../../../../shared/pipelines/run-job/index.js";
import { runOrchestration } from "../../../harness/orchestration.js";
import { FakeJobs, running, runJobActivities, terminated } from "./fake-jobs.js";

const input: RunJobInput = {
  step: "train",
  target: "dev",
  jobId: "7",
  jobParameters: {},
  attempt: 1,
  timeoutSeconds: 7_200,
  pipelineInstanceId: "tr-abc",
  callbacks: true,
};
const run = (jobs: FakeJobs, afterMs?: number) =>
  runOrchestration(runJobOrchestrator, {
    input,
    activities: runJobActivities(jobs),
    events: afterMs === undefined ? [] : [{ name: "RunStateChanged", afterMs }],
    instanceId: "tr-abc:train:1",
  });
const timers = (steps: readonly { kind: string; fireAt?: string }[]) =>
  steps.filter((s) => s.kind === "timer").map((s) => s.fireAt?.slice(11, 19));

describe("runJob with completion callbacks", () => {
  it("watches a 60-minute job with 3 runs/get calls when the callback arrives 5 s after the end", async () => {
    const jobs = new FakeJobs([running, running, terminated("SUCCESS")]);
    const result = await run(jobs, 3_605_000);
    expect(result.output).toMatchObject({ kind: "run", outcome: "succeeded", polls: 3 });
    expect(jobs.gets).toBe(3);
    expect(result.finishedAt).toBe("2026-01-01T01:00:05.000Z");
    expect(timers(result.steps)).toEqual(["00:00:10", "00:30:10", "01:00:10"]);
  });

  it("still sees the end by the 30-minute fallback poll when the callback is lost", async () => {
    const jobs = new FakeJobs([running, running, running, terminated("SUCCESS")]);
    const result = await run(jobs);
    expect(result.output).toMatchObject({ kind: "run", outcome: "succeeded", polls: 4 });
    expect(result.finishedAt).toBe("2026-01-01T01:30:10.000Z");
  });
});
