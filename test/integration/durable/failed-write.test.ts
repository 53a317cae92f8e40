import { afterEach, expect, it } from "vitest";
import type { OrchestrationContext } from "durable-functions";
import type { EpisodeCommit } from "../../../local/host/durable/model.js";
import { Store, type ActivityWork } from "../../../local/host/durable/store.js";
import type { HistoryEvent } from "../../../local/host/durable/history.js";
import {
  LibraryRunner,
  engineFixture,
  outputOf,
  shape,
  startInstance,
  type Ctx,
  type EngineFixture,
  type Gen,
} from "./library-runner.js";

/** A real store whose writes fail a given number of times, like a full disk or a locked file. */
class FailingStore extends Store {
  injected = 0;

  constructor(
    dataDir: string,
    private episodeFailures: number,
    private activityFailures: number,
    private enqueueFailures = 0,
  ) {
    super(dataDir);
  }

  override commitEpisode(id: string, c: EpisodeCommit, now: number): void {
    if (this.episodeFailures-- > 0) this.fail();
    super.commitEpisode(id, c, now);
  }

  override completeActivities(done: { work: ActivityWork; result: HistoryEvent }[], now: number): void {
    if (this.activityFailures-- > 0) this.fail();
    super.completeActivities(done, now);
  }

  override enqueue(
    instanceId: string,
    executionId: string | null,
    e: HistoryEvent,
    visibleAt: number,
    now?: number,
  ): void {
    if (e.EventType === 15 && this.enqueueFailures-- > 0) this.fail();
    super.enqueue(instanceId, executionId, e, visibleAt, now);
  }

  private fail(): never {
    this.injected++;
    throw new Error("disk I/O error (injected)");
  }
}

let fx: EngineFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

it("loses no event and schedules nothing twice when commits fail, then recovers", async () => {
  let runs = 0;
  let store: FailingStore | undefined;
  fx = engineFixture(
    new LibraryRunner(
      {
        Chain: function* (ctx: OrchestrationContext): Gen {
          const a = yield ctx.df.callActivity("Count", "a");
          const b = yield ctx.df.callActivity("Count", "b");
          return [a, b];
        },
      },
      { Count: (x) => `${String(x)}:${++runs}` },
    ),
    undefined,
    (dir) => (store = new FailingStore(dir, 2, 1)),
  );
  fx.engine.operations.start("Chain", "failing-1", null);
  // The dispatcher backs off after each failure (100 ms, 200 ms, ...); the bounded wait covers it.
  await fx.waitForStatus("failing-1", ["Completed"]);
  const output = JSON.parse(fx.engine.operations.get("failing-1")?.output ?? "null") as string[];
  expect(output.map((o) => o.split(":")[0])).toEqual(["a", "b"]);
  expect(store?.injected).toBe(3);
  expect(runs).toBeGreaterThanOrEqual(2); // at-least-once: a failed result commit re-runs the activity
  expect(
    shape(fx.engine.operations.history("failing-1")).filter((l) => l.startsWith("TaskScheduled")),
  ).toEqual(["TaskScheduled#0 Count", "TaskScheduled#1 Count"]);
});

it("does not acknowledge an event whose write failed", async () => {
  fx = engineFixture(
    new LibraryRunner({
      Wait: function* (ctx: OrchestrationContext): Gen {
        return yield ctx.df.waitForExternalEvent("go");
      },
    }),
    undefined,
    (dir) => new FailingStore(dir, 0, 0, 1),
  );
  fx.engine.operations.start("Wait", "ack-1", null);
  await fx.waitForStatus("ack-1", ["Running"]);
  const request = (body: string) => ({
    method: "POST",
    url: new URL("http://127.0.0.1/durabletask/instances/ack-1/raiseEvent/go"),
    headers: { "content-type": "application/json" },
    body: Buffer.from(body),
  });
  // The shell turns a thrown handler into a 500: the caller knows the event was not taken.
  await expect(fx.engine.handleHttp(request('"first"'))).rejects.toThrow(/disk I\/O error/);
  expect((await fx.engine.handleHttp(request('"second"')))?.status).toBe(202);
  await fx.waitForStatus("ack-1", ["Completed"]);
  expect(JSON.parse(fx.engine.operations.get("ack-1")?.output ?? "null")).toBe("second");
});

/** Fails after the episode's write (and the store's cache update) ran inside the group transaction. */
class LateFailingStore extends Store {
  failures = 2;

  override commitEpisode(id: string, c: EpisodeCommit, now: number): void {
    super.commitEpisode(id, c, now);
    if (this.failures-- > 0) throw new Error("commit failed after the write (injected)");
  }
}

it("rolls back the cache with the transaction, so a retried episode sees only what was committed", async () => {
  let store: LateFailingStore | undefined;
  fx = engineFixture(
    new LibraryRunner(
      {
        Chain: function* (ctx: Ctx): Gen {
          const a = (yield ctx.df.callActivity("Echo", "a")) as string;
          const b = (yield ctx.df.callActivity("Echo", "b")) as string;
          return a + b;
        },
      },
      { Echo: (x) => x },
    ),
    undefined,
    (dir) => (store = new LateFailingStore(dir)),
  );
  startInstance(fx, "Chain", null, "late-1");
  await fx.waitForStatus("late-1", ["Completed"]);
  expect(store?.failures).toBeLessThan(0);
  expect(outputOf(fx, "late-1")).toBe("ab");
  const cached = shape(fx.engine.operations.history("late-1"));
  await fx.engine.stop(); // releases the data folder's lock
  const fresh = new Store(fx.dataDir); // what is really on disk, without any cache
  try {
    expect(shape(fresh.history("late-1"))).toEqual(cached);
    expect(shape(fresh.history("late-1")).filter((l) => l.startsWith("TaskScheduled"))).toEqual([
      "TaskScheduled#0 Echo",
      "TaskScheduled#1 Echo",
    ]);
  } finally {
    fresh.close();
  }
});
