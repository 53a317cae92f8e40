import { describe, expect, it } from "vitest";
import { createLandingDelivery, landingInstanceIdV2 } from "../../../../shared/pipelines/landing/delivery.js";
import type { LandedFileV2 } from "../../../../shared/pipelines/landing/landing.contracts.js";
import type { OrchestrationPort } from "../../../../shared/pipelines/landing/orchestration-port.js";
import { file, key, settings } from "./files.js";

/** Instances in a map; like the DurableClient, a raise to a finished instance "succeeds" (410). */
class FakePort implements OrchestrationPort {
  readonly statuses = new Map<string, string>();
  readonly calls: string[] = [];
  failRaises = 0;
  startRace = false;

  status(id: string) {
    this.calls.push("status");
    return Promise.resolve(this.statuses.get(id));
  }
  start(name: string, id: string) {
    this.calls.push(`start ${name}`);
    this.statuses.set(id, "Running");
    return this.startRace ? Promise.reject(new Error("409 exists")) : Promise.resolve();
  }
  raise(_id: string, event: string, data: unknown) {
    if (this.failRaises-- > 0) return Promise.reject(new Error("503 from the host"));
    this.calls.push(`raise ${event} ${(data as { files: unknown[] }).files.length}`);
    return Promise.resolve();
  }
}

let clock = Date.parse("2026-11-25T10:00:00.000Z");
const at = (f: ReturnType<typeof file>): LandedFileV2 => ({
  ...f,
  receivedAt: new Date(clock).toISOString(),
});
const group = (...files: LandedFileV2[]) => ({ key, settings, files });
const id = landingInstanceIdV2(key);

describe("landing delivery", () => {
  it("starts the instance, then raises without asking the status while it is known live", async () => {
    const port = new FakePort();
    const delivery = createLandingDelivery(() => clock);
    expect(await delivery.deliver(port, group(at(file(0))))).toEqual({ instanceId: id, action: "started" });
    expect(await delivery.deliver(port, group(at(file(1)), at(file(2))))).toMatchObject({ action: "raised" });
    expect(port.calls).toEqual(["status", "start landingDebounceV2", "raise FilesLanded 2"]);
  });

  it("sends a redelivered version to a known-live instance nowhere, and a new version as usual", async () => {
    const port = new FakePort();
    const delivery = createLandingDelivery(() => clock);
    await delivery.deliver(port, group(at(file(0))));
    expect(await delivery.deliver(port, group(at(file(0))))).toMatchObject({ action: "duplicate" });
    await delivery.deliver(port, group(at(file(0)), at(file(0, 2))));
    expect(port.calls.slice(2)).toEqual(["raise FilesLanded 1"]);
  });

  it("asks again once the instance may have finished, and then starts a new round with the file", async () => {
    const port = new FakePort();
    const delivery = createLandingDelivery(() => clock);
    await delivery.deliver(port, group(at(file(0))));
    clock += settings.dedupeSeconds * 1000; // the instance may have finished by now
    port.statuses.set(id, "Completed");
    expect(await delivery.deliver(port, group(at(file(0))))).toMatchObject({ action: "started" });
    expect(port.calls.slice(2)).toEqual(["status", "start landingDebounceV2"]);
  });

  it("raises to the instance another delivery started first", async () => {
    const port = new FakePort();
    port.startRace = true;
    expect(await createLandingDelivery(() => clock).deliver(port, group(at(file(0))))).toMatchObject({
      action: "raised",
    });
    expect(port.calls).toEqual(["status", "start landingDebounceV2", "status", "raise FilesLanded 1"]);
  });

  it("fails every delivery a failed raise carried, so Event Grid retries them, and goes on after", async () => {
    const port = new FakePort();
    const delivery = createLandingDelivery(() => clock);
    await delivery.deliver(port, group(at(file(0))));
    port.failRaises = 1;
    const first = delivery.deliver(port, group(at(file(1))));
    const second = delivery.deliver(port, group(at(file(2)))); // queued behind the first: its own call
    await expect(first).rejects.toThrow(/503/);
    await expect(second).resolves.toMatchObject({ action: "raised" });
    // The failed version was not remembered: its retry is sent again.
    await expect(delivery.deliver(port, group(at(file(1))))).resolves.toMatchObject({ action: "raised" });
  });
});
