import { afterEach, describe, expect, it } from "vitest";
import { implement } from "../../../shared/durable/implement.js";
import type { LandedFile } from "../../../shared/lake/trigger-match.js";
import type { PartitionKey } from "../../../shared/pipelines/landing/debounce.js";
import { deliverLandedFile, landingInstanceId } from "../../../shared/pipelines/landing/ingress.js";
import { createLandingActivities } from "../../../shared/pipelines/landing/landing.activities.js";
import {
  LANDING_ORCHESTRATION,
  PIPELINE_ORCHESTRATION,
  StartLandingPipeline,
  type LandingPipelineInput,
} from "../../../shared/pipelines/landing/landing.contracts.js";
import { landingDebounceOrchestrator } from "../../../shared/pipelines/landing/landing.orchestrator.js";
import type { OrchestrationPort } from "../../../shared/pipelines/landing/orchestration-port.js";
import {
  engineFixture,
  LibraryRunner,
  type Ctx,
  type EngineFixture,
  type Gen,
} from "../durable/library-runner.js";

/**
 * The landing debounce on the local durable engine (real durable-functions Orchestrator, SQLite store,
 * virtual clock): shuffled bursts with duplicates across partitions, and events raised while a batch is
 * being handed over, which the harness cannot model.
 */
const settings = { quietSeconds: 120, markerSettleSeconds: 5, dedupeSeconds: 3600 };
let fx: EngineFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

function enginePort(f: () => EngineFixture): OrchestrationPort {
  return {
    status: (id) => Promise.resolve(f().engine.operations.get(id)?.status),
    start(name, id, input) {
      const r = f().engine.operations.start(name, id, JSON.stringify(input));
      return r.ok ? Promise.resolve() : Promise.reject(new Error(r.message));
    },
    raise(id, event, data) {
      const r = f().engine.operations.raiseEvent(id, event, JSON.stringify(data));
      return r.ok ? Promise.resolve() : Promise.reject(new Error(r.message));
    },
  };
}

function setup(onStart: (input: LandingPipelineInput) => Promise<void> = () => Promise.resolve()) {
  const port = enginePort(() => fx!);
  const activities = createLandingActivities({ orchestrations: port });
  const start = implement(StartLandingPipeline, async (input) => {
    await onStart(input);
    return activities.startLandingPipeline(input);
  });
  fx = engineFixture(
    new LibraryRunner(
      {
        [LANDING_ORCHESTRATION]: landingDebounceOrchestrator,
        // Stands in for the pipeline: finishes at once with what it was given.
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

function landed(key: PartitionKey, name: string, version = 1): LandedFile {
  return {
    ...key,
    path: `${key.partition}/${name}`,
    eTag: `0x${name}-${version}`,
    contentLength: name === "_SUCCESS" ? 0 : 100,
    sequencer: String(version).padStart(8, "0"),
    eventTime: "2026-01-01T00:00:00.000Z",
    isMarker: name === "_SUCCESS",
  };
}

/** Deterministic shuffle (mulberry32), so a failure reproduces. */
function shuffle<T>(items: T[], seed: number): T[] {
  let a = seed;
  const random = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function until(check: () => boolean, what: string): Promise<void> {
  // Bounded by rounds, not time: a slow machine takes more rounds, never fails the test.
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

describe("landing debounce on the local durable engine", () => {
  it("starts exactly one pipeline per partition from shuffled, duplicated bursts", async () => {
    const port = setup();
    const keys = [partition(23), partition(24), partition(25)];
    const events = keys.flatMap((key, k) => {
      const names = Array.from({ length: 20 }, (_, i) => `part-${String(i).padStart(5, "0")}.csv`);
      const marker = k < 2 ? ["_SUCCESS"] : []; // the third partition has no marker: quiet window only
      return [...names, ...marker].flatMap((name) => [landed(key, name), landed(key, name)]);
    });
    // Concurrent deliveries, like parallel Event Grid batches racing to start the same instance.
    await Promise.all(shuffle(events, 7).map((e) => deliverLandedFile(port, e, settings)));
    for (const [k, key] of keys.entries()) {
      await until(() => filesSeen(landingInstanceId(key)) === (k < 2 ? 21 : 20), `files of ${key.partition}`);
    }
    for (const key of keys) await fx!.advanceUntil(landingInstanceId(key), ["Completed"], 60_000);

    const started = pipelines();
    expect(started).toHaveLength(3);
    for (const key of keys) {
      const mine = started.filter((p) => p.key.partition === key.partition);
      expect(mine).toHaveLength(1);
      expect(mine[0]?.batch.files).toHaveLength(20);
    }
    const output = (key: PartitionKey) =>
      JSON.parse(fx!.engine.operations.get(landingInstanceId(key))?.output ?? "{}") as { batches: number };
    expect(keys.map((key) => output(key).batches)).toEqual([1, 1, 1]);
  });

  it("keeps events raised while a batch is handed over, and starts a second pipeline for the rewrite", async () => {
    const key = partition(26);
    let first = true;
    const port: OrchestrationPort = setup(async () => {
      if (!first) return;
      first = false;
      // While StartLandingPipeline runs: a duplicate, then a rewrite of part-0 and a brand-new part-2.
      await deliverLandedFile(port, landed(key, "part-0.csv"), settings);
      await deliverLandedFile(port, landed(key, "part-0.csv", 2), settings);
      await deliverLandedFile(port, landed(key, "part-2.csv"), settings);
    });
    for (const name of ["part-0.csv", "part-1.csv", "_SUCCESS"])
      await deliverLandedFile(port, landed(key, name), settings);
    const id = landingInstanceId(key);
    await until(() => filesSeen(id) === 3, "three files");
    await fx!.advanceUntil(id, ["Completed"], 30_000);

    const batches = pipelines().map((p) => p.batch.files.map((f) => f.eTag).sort());
    expect(batches).toHaveLength(2);
    expect(batches).toContainEqual(["0xpart-0.csv-1", "0xpart-1.csv-1"]);
    expect(batches).toContainEqual(["0xpart-0.csv-2", "0xpart-1.csv-1", "0xpart-2.csv-1"]);
  });
});
