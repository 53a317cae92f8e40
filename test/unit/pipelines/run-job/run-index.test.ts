import { describe, expect, it } from "vitest";
import { createRunIndex, runIndexPath } from "../../../../shared/pipelines/run-job/run-index.js";
import { createRunJobActivities } from "../../../../shared/pipelines/run-job/run-job.activities.js";
import { FakeJobs, running } from "./fake-jobs.js";
import { memoryFiles } from "./memory-files.js";

const entry = { runId: "101", target: "prod", jobId: "7", instanceId: "tr-abc:train:1" };

describe("run index", () => {
  it("finds the watcher of a run, once however often it was recorded", async () => {
    const index = createRunIndex(memoryFiles());
    await index.record(entry);
    await index.record(entry);
    expect(await index.lookup("101")).toEqual([entry]);
    expect(await index.lookup("102")).toEqual([]);
  });

  it("keeps every watcher when run ids of two workspaces collide, and skips torn lines", async () => {
    const files = memoryFiles();
    const index = createRunIndex(files);
    await index.record(entry);
    await files.append(runIndexPath("101"), '{"runId":"101","tar\n');
    await index.record({ ...entry, target: "dev", instanceId: "tr-def:train:1" });
    expect((await index.lookup("101")).map((e) => e.target)).toEqual(["prod", "dev"]);
  });

  it("refuses run ids that are not digits, so a callback cannot choose the path", async () => {
    expect(() => runIndexPath("../ledger/x")).toThrow(/not a Databricks run id/);
    expect(await createRunIndex(memoryFiles()).lookup("../../x")).toEqual([]);
  });

  it("is written by SubmitJobRun after run-now, naming the watching instance", async () => {
    const files = memoryFiles();
    const a = createRunJobActivities({
      jobsFor: () => new FakeJobs([running]),
      runIndex: createRunIndex(files),
    });
    const input = {
      target: "prod",
      jobId: "7",
      jobParameters: {},
      pipelineInstanceId: "tr-abc",
      step: "train",
    };
    await a.submitJobRun({ ...input, attempt: 1, watcherInstanceId: "tr-abc:train:1" });
    expect(await createRunIndex(files).lookup("101")).toEqual([entry]);
  });

  it("does not fail run-now when the index cannot be written (polling still sees the end)", async () => {
    const broken = { record: () => Promise.reject(new Error("lake down")) };
    const a = createRunJobActivities({ jobsFor: () => new FakeJobs([running]), runIndex: broken });
    const input = {
      target: "prod",
      jobId: "7",
      jobParameters: {},
      pipelineInstanceId: "tr-abc",
      step: "train",
    };
    await expect(a.submitJobRun({ ...input, attempt: 1, watcherInstanceId: "w" })).resolves.toEqual({
      runId: "101",
    });
  });
});
