import { afterEach, describe, expect, it } from "vitest";
import { implement } from "../../../shared/durable/implement.js";
import type { PartitionKey } from "../../../shared/pipelines/landing/debounce.js";
import { createLandingDelivery, landingInstanceIdV2 } from "../../../shared/pipelines/landing/delivery.js";
import { createLandingActivities } from "../../../shared/pipelines/landing/landing.activities.js";
import {
  LANDING_ORCHESTRATION_V2,
  PIPELINE_ORCHESTRATION,
  StartLandingPipeline,
  type LandedFileV2,
  type LandingPipelineInput,
} from "../../../shared/pipelines/landing/landing.contracts.js";
import { landingDebounceV2Orchestrator } from "../../../shared/pipelines/landing/landing-v2.orchestrator.js";
import type { OrchestrationPort } from "../../../shared/pipelines/landing/orchestration-port.js";
import {
  engineFixture,
  LibraryRunner,
  type Ctx,
  type EngineFixture,
  type Gen,
} from "../durable/library-runner.js";

/**
 * landingDebounceV2 and the V2 ingress delivery on the local durable engine (real durable-functions,
 * SQLite store, virtual clock), through the engine's grouped raise: bursts with duplicates across
 * partitions, and a backlog in which the deadline timer and the burst's late events reach the instance in
 * the same episode — the case that started extra pipelines in the first benchmark.
 */
const settings = { quietSeconds: 120, markerSettleSeconds: 5, dedupeSeconds: 3600 };
let fx: EngineFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

function enginePort(f: () => EngineFixture): OrchestrationPort {
  const ops = () => f().engine.operations;
  return {
    status: (id) => Promise.resolve(ops().get(id)?.status),
    inspect(id) {
      const i = ops().get(id);
      return Promise.resolve(
        i && { runtimeStatus: i.status, customStatus: JSON.parse(i.customStatus ?? "null") as unknown },
      );
    },
    async start(name, id, input) {
      const r = await ops().startGrouped(name, id, JSON.stringify(input));
      if (!r.ok) throw new Error(r.message);
    },
    async raise(id, event, data) {
      const r = await ops().raiseEventGrouped(id, event, JSON.stringify(data));
      if (!r.ok && r.status !== 410) throw new Error(r.message); // the client reports 410 as success
    },
  };
}

function setup(): OrchestrationPort {
  const port = enginePort(() => fx!);
  const activities = createLandingActivities({ orchestrations: port });
  const start = implement(StartLandingPipeline, (input) => activities.startLandingPipeline(input));
  fx = engineFixture(
    new LibraryRunner(
      {
        [LANDING_ORCHESTRATION_V2]: landingDebounceV2Orchestrator,
        [PIPELINE_ORCHESTRATION]: function* (ctx: Ctx): Gen {
          yield* [];
          return ctx.df.getInput<LandingPipelineInput>();
        },
      },
      { [StartLandingPipeline.name]: (input) => start(input, undefined as never) },
    ),
  );
  return port;
}

const partition = (day: number): PartitionKey => ({
  trigger: "customers-dev",
  target: "dev",
  account: "stchurndev",
  filesystem: "landing",
  partition: `churn/customers/date=2026-11-${String(day).padStart(2, "0")}`,
});

const landed = (key: PartitionKey, name: string, receivedAt: number, version = 1): LandedFileV2 => ({
  ...key,
  path: `${key.partition}/${name}`,
  eTag: `0x${name}-${version}`,
  contentLength: name === "_SUCCESS" ? 0 : 100,
  sequencer: String(version).padStart(8, "0"),
  isMarker: name === "_SUCCESS",
  receivedAt: new Date(receivedAt).toISOString(),
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const filesSeen = (id: string) =>
  (JSON.parse(fx!.engine.operations.get(id)?.customStatus ?? "{}") as { files?: number }).files ?? 0;
const pipelines = () =>
  fx!.engine.operations
    .select({ top: 1000, instanceIdPrefix: "tr-" })
    .items.map((i) => JSON.parse(i.input ?? "null") as LandingPipelineInput);
const part = (i: number) => `part-${String(i).padStart(5, "0")}.csv`;

describe("landingDebounceV2 on the local durable engine", () => {
  it("starts exactly one pipeline per partition from concurrent, duplicated bursts", async () => {
    const port = setup();
    const delivery = createLandingDelivery(() => fx!.clock.now());
    const keys = [partition(23), partition(24), partition(25)];
    const now = fx!.clock.now();
    const files = keys.flatMap((key, k) => {
      const names = [...Array.from({ length: 20 }, (_, i) => part(i)), ...(k < 2 ? ["_SUCCESS"] : [])];
      return names.flatMap((name) => [landed(key, name, now), landed(key, name, now)]);
    });
    // Every file its own delivery, all at once: concurrent Event Grid trigger invocations.
    await Promise.all(
      files.map((f) =>
        delivery.deliver(port, { key: partition(Number(f.partition.slice(-2))), settings, files: [f] }),
      ),
    );
    for (const [k, key] of keys.entries())
      await until(
        () => filesSeen(landingInstanceIdV2(key)) === (k < 2 ? 21 : 20),
        `files of ${key.partition}`,
      );
    for (const key of keys) await fx!.advanceUntil(landingInstanceIdV2(key), ["Completed"], 60_000);

    const started = pipelines();
    expect(started).toHaveLength(3);
    for (const key of keys) {
      const mine = started.filter((p) => p.key.partition === key.partition);
      expect(mine.map((p) => p.batch.files.length)).toEqual([20]);
    }
  });

  it("under a backlog, takes in the burst's late events with the due timer and starts one pipeline", async () => {
    const port = setup();
    const delivery = createLandingDelivery(() => fx!.clock.now());
    const key = partition(26);
    const id = landingInstanceIdV2(key);
    const t0 = fx!.clock.now();
    await delivery.deliver(port, { key, settings, files: [landed(key, part(0), t0)] });
    await until(() => filesSeen(id) === 1, "the first file");

    // The engine falls behind: events are stored (and acknowledged) but no episode runs.
    await fx!.engine.dispatcher.stop();
    for (let i = 1; i <= 10; i++) {
      fx!.clock.advance(10_000);
      await delivery.deliver(port, { key, settings, files: [landed(key, part(i), fx!.clock.now())] });
    }
    // Long past the first deadline (t0 + 120 s), and past the burst's (t0 + 100 s + 120 s).
    fx!.clock.advance(200_000);
    fx!.engine.dispatcher.start();
    await fx!.advanceUntil(id, ["Completed"], 60_000);

    expect(pipelines().map((p) => p.batch.files.length)).toEqual([11]);
  });
});
