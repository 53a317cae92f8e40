import { createRequire } from "node:module";
import type { DurableClient } from "durable-functions";
import { afterEach, describe, expect, it } from "vitest";
import { PIPELINE_ORCHESTRATION } from "../../../shared/pipelines/train-evaluate-register/pipeline.contracts.js";
import { queryPipelines } from "../../../shared/pipelines/train-evaluate-register/status-query.js";
import {
  engineFixture,
  LibraryRunner,
  startInstance,
  type EngineFixture,
} from "../durable/library-runner.js";

// The library's client class (not a root export): built from the engine's binding value, as the host does.
const require = createRequire(import.meta.url);
const { DurableClient: Client } = require("durable-functions/lib/src/durableClient/DurableClient") as {
  DurableClient: new (clientData: unknown) => DurableClient;
};

let fx: EngineFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

/** Routes fetch to the engine's Durable HTTP API in process (no port needed). */
const engineFetch =
  (f: EngineFixture): typeof globalThis.fetch =>
  async (url, init) => {
    const headers = Object.fromEntries(
      Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const res = await f.engine.handleHttp({
      method: "GET",
      url: new URL(url instanceof Request ? url.url : url),
      headers,
      body: Buffer.alloc(0),
    });
    if (res === undefined) return new Response(null, { status: 404 });
    return new Response(JSON.stringify(res.body), { status: res.status, headers: res.headers ?? {} });
  };

describe("GET /api/pipelines on the local durable engine's instance query", { timeout: 60_000 }, () => {
  it("pages through pipeline instances only, `top` at a time, until the token runs out", async () => {
    fx = engineFixture(
      new LibraryRunner({
        // Only ids and names matter here; the bodies end at once.
        [PIPELINE_ORCHESTRATION]: function* () {
          return null;
        },
        promote: function* () {
          return null;
        },
      }),
    );
    const ids = ["tr-a", "tr-b", "tr-c", "tr-d", "tr-e"];
    for (const id of ids) startInstance(fx, PIPELINE_ORCHESTRATION, { key: { target: "local" } }, id);
    startInstance(fx, "promote", {}, "promo-1");
    for (const id of [...ids, "promo-1"]) await fx.waitForStatus(id, ["Completed"]);

    const client = new Client(fx.engine.clientBindingValue());
    const fetchFn = engineFetch(fx);
    const seen: string[] = [];
    const sizes: number[] = [];
    let token: string | null = null;
    for (let page = 0; page < 10; page++) {
      const result = await queryPipelines(
        client,
        { top: 2, ...(token === null ? {} : { continuationToken: token }) },
        fetchFn,
      );
      sizes.push(result.statuses.length);
      seen.push(...result.statuses.map((s) => s.instanceId));
      token = result.continuationToken;
      if (token === null) break;
    }
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen.sort()).toEqual(ids);
  });
});
