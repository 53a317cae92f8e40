import { afterEach, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { OrchestrationContext } from "durable-functions";
import type { NewInstance } from "../../../local/host/durable/model.js";
import { Store } from "../../../local/host/durable/store.js";
import { LibraryRunner, engineFixture, outputOf, type EngineFixture, type Gen } from "./library-runner.js";

/** Start requests share the dispatcher's group commit; these tests pin what that must not change. */

class FailingStartStore extends Store {
  failures = 1;
  override addInstance(n: NewInstance, now: number): void {
    super.addInstance(n, now);
    if (this.failures-- > 0) throw new Error("disk I/O error (injected)");
  }
}

const runner = (): LibraryRunner =>
  new LibraryRunner({
    Hello: function* (ctx: OrchestrationContext): Gen {
      yield ctx.df.createTimer(new Date(ctx.df.currentUtcDateTime.getTime()));
      return `hello ${String(ctx.df.getInput())}`;
    },
  });

const startRequest = (id: string, body: string) => ({
  method: "POST",
  url: new URL(`http://127.0.0.1/durabletask/orchestrators/Hello/${id}`),
  headers: { "content-type": "application/json" },
  body: Buffer.from(body),
});

let fx: EngineFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

it("gives exactly one of two simultaneous starts of the same id a 202, the other a 409", async () => {
  fx = engineFixture(runner());
  const [a, b] = await Promise.all([
    fx.engine.handleHttp(startRequest("same", '"a"')),
    fx.engine.handleHttp(startRequest("same", '"b"')),
  ]);
  expect([a?.status, b?.status].sort()).toEqual([202, 409]);
  await fx.waitForStatus("same", ["Completed"]);
  const winner = a?.status === 202 ? "a" : "b";
  expect(outputOf(fx, "same")).toBe(`hello ${winner}`);
});

it("starts a burst of instances in shared commits and runs every one", async () => {
  fx = engineFixture(runner());
  const ids = Array.from({ length: 50 }, (_, i) => `burst-${i}`);
  const answers = await Promise.all(ids.map((id) => fx!.engine.handleHttp(startRequest(id, `"${id}"`))));
  expect(answers.map((r) => r?.status)).toEqual(ids.map(() => 202));
  for (const id of ids) await fx.waitForStatus(id, ["Completed"]);
  expect(ids.map((id) => outputOf(fx!, id))).toEqual(ids.map((id) => `hello ${id}`));
});

it("does not acknowledge a start whose group commit failed, and leaves no trace of it", async () => {
  fx = engineFixture(runner(), undefined, (dir) => new FailingStartStore(dir));
  await expect(fx.engine.handleHttp(startRequest("lost", '"x"'))).rejects.toThrow(/disk I\/O error/);
  expect(fx.engine.operations.get("lost")).toBeUndefined();
  expect((await fx.engine.handleHttp(startRequest("lost", '"y"')))?.status).toBe(202);
  await fx.waitForStatus("lost", ["Completed"]);
  expect(outputOf(fx, "lost")).toBe("hello y");
});

it("refuses engine writes outside a transaction, so no half-written episode can become durable", () => {
  const store = new Store(mkdtempSync(join(tmpdir(), "durable-tx-")));
  try {
    const n: NewInstance = {
      id: "i",
      name: "Hello",
      version: "",
      input: null,
      parentId: null,
      parentTaskId: null,
    };
    expect(() => store.addInstance(n, 0)).toThrow(/inside a transaction/);
    expect(() => store.completeActivities([], 0)).toThrow(/inside a transaction/);
    expect(store.getInstance("i")).toBeUndefined();
    store.db.transaction(() => store.addInstance(n, 0))();
    expect(store.getInstance("i")?.status).toBe("Pending");
  } finally {
    store.close();
  }
});
