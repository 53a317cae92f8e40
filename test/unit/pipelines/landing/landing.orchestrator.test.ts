import { describe, expect, it } from "vitest";
import {
  StartLandingPipeline,
  type LandingPipelineInput,
} from "../../../../shared/pipelines/landing/landing.contracts.js";
import { landingDebounceOrchestrator } from "../../../../shared/pipelines/landing/landing.orchestrator.js";
import { pipelineInstanceId } from "../../../../shared/pipelines/landing/landing.activities.js";
import { fake, runOrchestration, type ScriptedEvent } from "../../../harness/orchestration.js";
import { file, input, key } from "./files.js";
import type { FileLanded } from "../../../../shared/pipelines/landing/landing.contracts.js";

const landed = (data: FileLanded, afterMs: number): ScriptedEvent => ({ name: "FileLanded", data, afterMs });

function run(first: FileLanded, events: ScriptedEvent[]) {
  const started: LandingPipelineInput[] = [];
  const activities = fake(StartLandingPipeline, (batch) => {
    started.push(batch);
    return { kind: "started" as const, instanceId: pipelineInstanceId(batch) };
  });
  const result = runOrchestration(landingDebounceOrchestrator, {
    input: input(first),
    activities,
    events,
    instanceId: "land-test",
  });
  return { result, started };
}

const paths = (batch: LandingPipelineInput | undefined) =>
  batch?.batch.files.map((f) => f.path.split("/").pop());

describe("landingDebounce orchestration", () => {
  it("turns a burst with duplicates into exactly one pipeline after the quiet window", async () => {
    // Ten files over 45 s, each delivered twice (ADLS sends two events per file, Event Grid may repeat).
    const events = Array.from({ length: 10 }, (_, i) => i).flatMap((i) => [
      landed(file(i), i * 5_000),
      landed(file(i), i * 5_000 + 1_000),
    ]);
    const { result, started } = run(file(0), events.slice(1));
    const out = await result;
    expect(out.status).toBe("completed");
    expect(started).toHaveLength(1);
    expect(paths(started[0])).toEqual(Array.from({ length: 10 }, (_, i) => `part-0000${i}.csv`));
    expect(started[0]).toMatchObject({ key, landingInstanceId: "land-test", batch: { marker: null } });
    // Last change at 45 s (the duplicate at 46 s changes nothing), quiet window 120 s: starts at 165 s.
    const starts = out.steps.flatMap((s, i) => (s.kind === "activity" ? [i] : []));
    const timerBefore = out.steps[(starts[0] ?? 0) - 1];
    expect(timerBefore).toEqual({ kind: "timer", fireAt: "2026-01-01T00:02:45.000Z" });
    expect(out.output).toEqual({ batches: 1, files: 10, pipelines: [pipelineInstanceId(started[0]!)] });
    // Finished one dedupe window (1 h) after the last change; no timer left behind.
    expect(out.finishedAt).toBe("2026-01-01T01:00:45.000Z");
    expect(out.pendingTimers).toEqual([]);
  });

  it("starts when the marker has settled instead of waiting out the quiet window", async () => {
    const events = [landed(file(1), 1_000), landed(file("_SUCCESS"), 2_000), landed(file(2), 4_000)];
    const { result, started } = run(file(0), events);
    const out = await result;
    expect(started).toHaveLength(1);
    // The out-of-order part-00002 (delivered after the marker, within the settle delay) is included.
    expect(paths(started[0])).toEqual(["part-00000.csv", "part-00001.csv", "part-00002.csv"]);
    expect(started[0]?.batch.marker?.path).toMatch(/_SUCCESS$/);
    expect(out.steps.find((s) => s.kind === "activity")).toBeDefined();
    expect(out.customStatus).toContainEqual(
      expect.objectContaining({ deadline: "2026-01-01T00:00:09.000Z" }),
    );
  });

  it("ignores redeliveries after the batch and superseded versions delivered late", async () => {
    const events = [
      landed(file(1, 2), 1_000),
      landed(file(1, 1), 2_000), // reordered: older version of part-00001 arrives after the newer one
      landed(file("_SUCCESS"), 3_000),
      landed(file(0), 600_000), // redelivered ten minutes later
      landed(file(1, 2), 700_000),
      landed(file("_SUCCESS"), 800_000),
    ];
    const { result, started } = run(file(0), events);
    const out = await result;
    expect(started).toHaveLength(1);
    expect(started[0]?.batch.files.map((f) => f.eTag)).toEqual(["0x8DC0v1", "0x8DC1v2"]);
    expect(out.output).toMatchObject({ batches: 1 });
  });

  it("starts a second pipeline when a file of the partition is rewritten later, with the whole partition", async () => {
    const events = [landed(file("_SUCCESS"), 1_000), landed(file(1, 2), 600_000)];
    const { result, started } = run(file(1, 1), [landed(file(0), 500), ...events]);
    const out = await result;
    expect(started).toHaveLength(2);
    expect(started.map((b) => b.batch.files.map((f) => f.eTag))).toEqual([
      ["0x8DC0v1", "0x8DC1v1"],
      ["0x8DC0v1", "0x8DC1v2"],
    ]);
    expect(out.output).toMatchObject({ batches: 2, files: 3 });
  });

  it("does not start a pipeline for a marker without data files", async () => {
    const { result, started } = run(file("_SUCCESS"), []);
    const out = await result;
    expect(started).toEqual([]);
    expect(out.output).toEqual({ batches: 1, files: 1, pipelines: [] });
  });

  it("ignores events of another partition", async () => {
    const other = { ...key, partition: "churn/customers/date=2026-11-26" };
    const { result, started } = run(file(0), [landed(file(9, 1, other), 1_000)]);
    await result;
    expect(paths(started[0])).toEqual(["part-00000.csv"]);
  });
});
