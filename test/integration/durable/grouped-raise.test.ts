import { afterEach, expect, it } from "vitest";
import type { OrchestrationContext } from "durable-functions";
import type { HistoryEvent } from "../../../local/host/durable/history.js";
import { Store } from "../../../local/host/durable/store.js";
import { LibraryRunner, engineFixture, outputOf, type EngineFixture, type Gen } from "./library-runner.js";

/** Raised events share the dispatcher's group commit (like starts); acknowledged means committed. */

class FailingRaiseStore extends Store {
  failures = 1;
  override enqueue(id: string, exec: string | null, e: HistoryEvent, visibleAt: number, now?: number): void {
    super.enqueue(id, exec, e, visibleAt, now);
    if (e.Name === "item" && this.failures-- > 0) throw new Error("disk I/O error (injected)");
  }
}

const runner = (): LibraryRunner =>
  new LibraryRunner({
    Collect: function* (ctx: OrchestrationContext): Gen {
      const got: unknown[] = [];
      const count = ctx.df.getInput<number>();
      while (got.length < count) got.push(yield ctx.df.waitForExternalEvent("item"));
      return got;
    },
  });

const request = (path: string, body: string) => ({
  method: "POST",
  url: new URL(`http://127.0.0.1/durabletask/${path}`),
  headers: { "content-type": "application/json" },
  body: Buffer.from(body),
});
const start = (id: string, count: number) => request(`orchestrators/Collect/${id}`, String(count));
const raise = (id: string, value: number) => request(`instances/${id}/raiseEvent/item`, String(value));

let fx: EngineFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

it("delivers a burst of raises, including ones sent in the same turn as the start", async () => {
  fx = engineFixture(runner());
  const [started, ...raised] = await Promise.all([
    fx.engine.handleHttp(start("c1", 30)),
    ...Array.from({ length: 30 }, (_, v) => fx!.engine.handleHttp(raise("c1", v))),
  ]);
  expect(started?.status).toBe(202);
  expect(raised.map((r) => r?.status)).toEqual(raised.map(() => 202));
  await fx.waitForStatus("c1", ["Completed"]);
  expect((outputOf(fx, "c1") as number[]).sort((a, b) => a - b)).toEqual(
    Array.from({ length: 30 }, (_, v) => v),
  );
});

it("answers 404 for an unknown instance and 410 for a finished one", async () => {
  fx = engineFixture(runner());
  expect((await fx.engine.handleHttp(raise("nobody", 1)))?.status).toBe(404);
  await fx.engine.handleHttp(start("c2", 1));
  expect((await fx.engine.handleHttp(raise("c2", 1)))?.status).toBe(202);
  await fx.waitForStatus("c2", ["Completed"]);
  expect((await fx.engine.handleHttp(raise("c2", 2)))?.status).toBe(410);
});

it("does not acknowledge a raise whose group commit failed, and leaves no trace of it", async () => {
  fx = engineFixture(runner(), undefined, (dir) => new FailingRaiseStore(dir));
  await fx.engine.handleHttp(start("c3", 1));
  await fx.waitForStatus("c3", ["Running"]);
  await expect(fx.engine.handleHttp(raise("c3", 7))).rejects.toThrow(/disk I\/O error/);
  expect((await fx.engine.handleHttp(raise("c3", 8)))?.status).toBe(202);
  await fx.waitForStatus("c3", ["Completed"]);
  expect(outputOf(fx, "c3")).toEqual([8]);
});
