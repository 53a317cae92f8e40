import { describe, expect, it } from "vitest";
import type { LandedFile } from "../../../../shared/lake/trigger-match.js";
import {
  createLandingActivities,
  pipelineInstanceId,
} from "../../../../shared/pipelines/landing/landing.activities.js";
import { deliverLandedFile, landingInstanceId } from "../../../../shared/pipelines/landing/ingress.js";
import type { OrchestrationPort } from "../../../../shared/pipelines/landing/orchestration-port.js";
import { file, key, settings } from "./files.js";

/** An in-memory orchestration client that records calls; `raceOnStart` makes the next start lose a race. */
class FakePort implements OrchestrationPort {
  readonly statuses = new Map<string, string>();
  readonly calls: string[] = [];
  raceOnStart = false;

  status(id: string) {
    return Promise.resolve(this.statuses.get(id));
  }
  start(name: string, id: string) {
    this.calls.push(`start ${name}`);
    if (this.raceOnStart || this.statuses.get(id) === "Running") {
      this.statuses.set(id, "Running");
      return Promise.reject(new Error("409 already exists"));
    }
    this.statuses.set(id, "Running");
    return Promise.resolve();
  }
  raise(_id: string, event: string) {
    this.calls.push(`raise ${event}`);
    return Promise.resolve();
  }
}

const landed = (n: number): LandedFile => ({ ...file(n), eventTime: "2026-11-25T10:00:00.000Z" });

describe("deliverLandedFile", () => {
  it("starts the partition's instance with the first file, then raises events to it", async () => {
    const port = new FakePort();
    const first = await deliverLandedFile(port, landed(0), settings);
    const second = await deliverLandedFile(port, landed(1), settings);
    expect(first).toEqual({ instanceId: landingInstanceId(key), action: "started" });
    expect(second).toEqual({ instanceId: landingInstanceId(key), action: "raised" });
    expect(port.calls).toEqual(["start landingDebounce", "raise FileLanded"]);
  });

  it("raises instead when another delivery won the race to start the instance", async () => {
    const port = new FakePort();
    port.raceOnStart = true;
    expect(await deliverLandedFile(port, landed(0), settings)).toMatchObject({ action: "raised" });
    expect(port.calls).toEqual(["start landingDebounce", "raise FileLanded"]);
  });

  it("starts a new round when the previous instance has finished", async () => {
    const port = new FakePort();
    port.statuses.set(landingInstanceId(key), "Completed");
    expect(await deliverLandedFile(port, landed(0), settings)).toMatchObject({ action: "started" });
  });

  it("gives each partition its own instance id", () => {
    const other = landingInstanceId({ ...key, partition: "churn/customers/date=2026-11-26" });
    expect(other).not.toBe(landingInstanceId(key));
    expect(landingInstanceId(key)).toMatch(/^land-[0-9a-f]{48}$/);
  });
});

describe("StartLandingPipeline", () => {
  const batch = { files: [file(0), file(1)], marker: null };

  it("derives the pipeline id from the file versions, whatever their order", () => {
    const a = pipelineInstanceId({ key, batch });
    expect(pipelineInstanceId({ key, batch: { ...batch, files: [file(1), file(0)] } })).toBe(a);
    expect(pipelineInstanceId({ key, batch: { ...batch, files: [file(0), file(1, 2)] } })).not.toBe(a);
    expect(a).toMatch(/^tr-[0-9a-f]{48}$/);
  });

  it("starts the pipeline once; a repeat (retried activity or identical batch) finds it", async () => {
    const port = new FakePort();
    const activities = createLandingActivities({ orchestrations: port });
    const input = { key, batch, landingInstanceId: "land-x" };
    expect(await activities.startLandingPipeline(input)).toMatchObject({ kind: "started" });
    expect(await activities.startLandingPipeline(input)).toMatchObject({ kind: "existing" });
    expect(port.calls).toEqual(["start trainEvaluateRegister"]);
  });
});
