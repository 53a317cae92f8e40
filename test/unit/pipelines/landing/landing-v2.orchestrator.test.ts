import { describe, expect, it } from "vitest";
import { pipelineInstanceId } from "../../../../shared/pipelines/landing/landing.activities.js";
import {
  StartLandingPipeline,
  type LandedFileV2,
  type LandingPipelineInput,
} from "../../../../shared/pipelines/landing/landing.contracts.js";
import { landingDebounceV2Orchestrator } from "../../../../shared/pipelines/landing/landing-v2.orchestrator.js";
import { fake, runOrchestration, type ScriptedEvent, type Step } from "../../../harness/orchestration.js";
import { file, key, settings } from "./files.js";

const t0 = Date.parse("2026-01-01T00:00:00.000Z");
const iso = (ms: number) => new Date(t0 + ms).toISOString();
/** File `n` as the ingress hands it over: stamped with the time it was received. */
const v2 = (n: number | "_SUCCESS", receivedMs: number, version = 1): LandedFileV2 => ({
  ...file(n, version),
  receivedAt: iso(receivedMs),
});
/** A `FilesLanded` event reaching the instance at `afterMs` (later than received when the engine lags). */
const landed = (afterMs: number, ...files: LandedFileV2[]): ScriptedEvent => ({
  name: "FilesLanded",
  data: { files },
  afterMs,
});

function run(first: LandedFileV2[], events: ScriptedEvent[]) {
  const started: LandingPipelineInput[] = [];
  const activities = fake(StartLandingPipeline, (batch) => {
    started.push(batch);
    return { kind: "started" as const, instanceId: pipelineInstanceId(batch) };
  });
  const result = runOrchestration(landingDebounceV2Orchestrator, {
    input: { key, settings, first },
    activities,
    events,
    instanceId: "land-v2-test",
  });
  return { result, started };
}

const timers = (steps: readonly Step[]) => steps.flatMap((s) => (s.kind === "timer" ? [s.fireAt] : []));
const names = (b: LandingPipelineInput | undefined) => b?.batch.files.map((f) => f.path.split("/").pop());

describe("landingDebounceV2 orchestration", () => {
  it("turns a shuffled burst with duplicates and a stale version into one pipeline, quiet window from arrival", async () => {
    // Received over 45 s; each file twice; part-00003 v1 arrives after v2 (reordered).
    const events = [
      landed(5_000, v2(1, 5_000), v2(1, 5_000)),
      landed(20_000, v2(3, 20_000, 2)),
      landed(30_000, v2(2, 30_000), v2(3, 30_000, 1)),
      landed(45_000, v2(2, 45_000), v2(0, 45_000)),
    ];
    const { result, started } = run([v2(0, 0)], events);
    const out = await result;
    expect(out.status).toBe("completed");
    expect(started).toHaveLength(1);
    expect(names(started[0])).toEqual([
      "part-00000.csv",
      "part-00001.csv",
      "part-00002.csv",
      "part-00003.csv",
    ]);
    expect(started[0]?.batch.files.find((f) => f.path.endsWith("00003.csv"))?.eTag).toBe("0x8DC3v2");
    // Last change received at 30 s (the 45 s events are duplicates): due at 150 s, acted on after one
    // confirming turn at the same instant; finishing takes the same two steps.
    const end = iso(45_000 + 3_600_000);
    expect(timers(out.steps).slice(-4)).toEqual([iso(150_000), iso(150_000), end, end]);
    // It stays up a dedupe window after the last event of any kind (the 45 s duplicates).
    expect(out.finishedAt).toBe(iso(45_000 + 3_600_000));
    expect(out.output).toEqual({ batches: 1, files: 4, pipelines: [pipelineInstanceId(started[0]!)] });
  });

  it("measures quiet at arrival: files the engine hands over late still count from when they were received", async () => {
    // Received at 10 s and 20 s, but reaching the instance only at 100 s (a backlog in the engine).
    const { result, started } = run([v2(0, 0)], [landed(100_000, v2(1, 10_000), v2(2, 20_000))]);
    const out = await result;
    expect(started).toHaveLength(1);
    expect(names(started[0])).toHaveLength(3);
    expect(timers(out.steps)).toContain(iso(140_000)); // 20 s + 120 s, not 100 s + 120 s
  });

  it("fires once the marker has settled, from the marker's arrival", async () => {
    const events = [
      landed(1_000, v2(1, 1_000)),
      landed(2_000, v2("_SUCCESS", 2_000)),
      landed(4_000, v2(2, 4_000)),
    ];
    const { result, started } = run([v2(0, 0)], events);
    const out = await result;
    expect(started).toHaveLength(1);
    expect(names(started[0])).toEqual(["part-00000.csv", "part-00001.csv", "part-00002.csv"]);
    expect(started[0]?.batch.marker?.path).toMatch(/_SUCCESS$/);
    expect(timers(out.steps)).toContain(iso(9_000)); // settle 5 s after the last change at 4 s
  });

  it("starts a second pipeline for a rewrite after the batch, and none for redeliveries", async () => {
    const events = [landed(600_000, v2(0, 600_000)), landed(700_000, v2(0, 700_000, 2))];
    const { result, started } = run([v2(0, 0)], events);
    const out = await result;
    expect(started.map((b) => b.batch.files.map((f) => f.eTag))).toEqual([["0x8DC0v1"], ["0x8DC0v2"]]);
    expect(out.output).toMatchObject({ batches: 2, files: 1 });
  });

  it("reports how long it will certainly stay up, for the ingress", async () => {
    const { result } = run([v2(0, 0)], [landed(1_000, v2(0, 1_000))]);
    const out = await result;
    expect(out.customStatus).toContainEqual(expect.objectContaining({ liveUntil: iso(1_000 + 3_600_000) }));
  });

  it("ignores files of another partition", async () => {
    const other = { ...v2(9, 1_000), partition: "churn/customers/date=2026-11-26" };
    const { result, started } = run([v2(0, 0)], [landed(1_000, other)]);
    await result;
    expect(names(started[0])).toEqual(["part-00000.csv"]);
  });
});
