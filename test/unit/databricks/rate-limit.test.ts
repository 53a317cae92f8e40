import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../../../shared/databricks/rate-limit.js";
import { ManualClock } from "./fakes.js";
import { setup } from "./setup.js";

describe("rate limiter", () => {
  it("lets a second's burst through, then spaces callers by 1/rate", async () => {
    const clock = new ManualClock();
    const limiter = createRateLimiter({ defaultPerSecond: 4 }, clock);
    const start = clock.now();
    const done: number[] = [];
    const calls = Array.from({ length: 6 }, () =>
      Promise.resolve(limiter.acquire("GET", "/api/2.0/x")).then(() => done.push(clock.now() - start)),
    );
    await clock.drive(Promise.all(calls));
    expect(done).toEqual([0, 0, 0, 0, 250, 500]);
  });

  it("refills with time", async () => {
    const clock = new ManualClock();
    const limiter = createRateLimiter({ defaultPerSecond: 2 }, clock);
    await clock.drive(Promise.all([limiter.acquire("GET", "/a"), limiter.acquire("GET", "/a")]));
    clock.advance(1000);
    await clock.drive(Promise.all([limiter.acquire("GET", "/a"), limiter.acquire("GET", "/a")]));
    expect(clock.completed).toEqual([]);
  });

  it("applies Databricks' per-endpoint limits: run-now 20/s in its own bucket", async () => {
    const clock = new ManualClock();
    const limiter = createRateLimiter({}, clock);
    const runNow = Array.from({ length: 21 }, () => limiter.acquire("POST", "/api/2.2/jobs/run-now"));
    const runsGet = Array.from({ length: 100 }, () => limiter.acquire("GET", "/api/2.2/jobs/runs/get"));
    await clock.drive(Promise.all([...runNow, ...runsGet]));
    expect(clock.completed).toEqual([50]);
  });

  it("MLflow search endpoints share the 7/s bucket", async () => {
    const clock = new ManualClock();
    const limiter = createRateLimiter({}, clock);
    const paths = ["/api/2.0/mlflow/runs/search", "/api/2.0/mlflow/model-versions/search"];
    await clock.drive(
      Promise.all(
        Array.from({ length: 8 }, (_, i) => Promise.resolve(limiter.acquire("GET", paths[i % 2] ?? ""))),
      ),
    );
    expect(clock.completed).toEqual([143]);
  });

  it("is shared by two clients of the same workspace when injected", async () => {
    const clock = new ManualClock();
    const limiter = createRateLimiter({ defaultPerSecond: 1 }, clock);
    const a = setup([{ body: {} }], { rateLimit: limiter, clock });
    const b = setup([{ body: {} }], { rateLimit: limiter, clock });
    await clock.drive(Promise.all([a.client.scim.me(), b.client.scim.me()]));
    expect(clock.completed).toEqual([1000]);
  });

  it("is on by default in the client", async () => {
    const { client, clock, run } = setup(
      Array.from({ length: 8 }, () => ({ body: { runs: [] } })),
      { rateLimit: {} },
    );
    const searches = Array.from({ length: 8 }, async () => {
      for await (const _ of client.mlflow.searchRuns({ experiment_ids: ["1"] })) break;
    });
    await run(Promise.all(searches));
    expect(clock.completed).toEqual([143]);
  });
});
