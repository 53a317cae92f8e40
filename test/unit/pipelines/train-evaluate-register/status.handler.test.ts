import { HttpRequest } from "@azure/functions";
import type { DurableClient } from "durable-functions";
import { describe, expect, it } from "vitest";
import {
  pipelineRoutes,
  type StatusPort,
} from "../../../../shared/pipelines/train-evaluate-register/status.handler.js";
import type { ListQuery } from "../../../../shared/pipelines/train-evaluate-register/status-query.js";
import type { InstanceStatus } from "../../../../shared/pipelines/train-evaluate-register/status.js";
import {
  initialView,
  withStep,
  type PipelineView,
} from "../../../../shared/pipelines/train-evaluate-register/view.js";

const finished: PipelineView = {
  ...initialView("local"),
  phase: "done",
  bundle: "churn",
  outcome: "registered",
  steps: initialView("local").steps.map((s) => ({
    ...s,
    state: "succeeded",
    runId: `${s.name}-run`,
    runUrl: `http://emulator/#job/1/run/${s.name}-run`,
    instanceId: `tr-1:${s.name}:1`,
  })),
  metrics: { eval_roc_auc: 0.86 },
  gate: {
    passed: true,
    reasons: [],
    checks: [{ rule: "required eval_roc_auc", passed: true, detail: "ok" }],
  },
  model: { name: "main.ml_local.churn", version: "3", alias: "challenger" },
  lineage: { path: "_orchestrator/runs/tr-1.json" },
};
const running = withStep({ ...initialView("local"), bundle: "churn", phase: "train" }, "train", {
  state: "running",
  instanceId: "tr-2:train:1",
});

const instance = (id: string, patch: Partial<InstanceStatus>): InstanceStatus => ({
  name: "trainEvaluateRegister",
  instanceId: id,
  createdTime: "2026-11-26T01:00:00.000Z",
  runtimeStatus: "Running",
  ...patch,
});
const store: Record<string, InstanceStatus> = {
  "tr-1": instance("tr-1", { runtimeStatus: "Completed", output: finished, customStatus: finished }),
  "tr-2": instance("tr-2", { customStatus: running, createdTime: "2026-11-26T02:00:00.000Z" }),
  "tr-2:train:1": instance("tr-2:train:1", {
    name: "runJob",
    customStatus: { step: "train", runId: "777", runPageUrl: "http://emulator/#job/11/run/777" },
  }),
  "tr-3": instance("tr-3", {
    runtimeStatus: "Terminated",
    output: "stopped by admin",
    customStatus: { ...running, bundle: "other" },
    createdTime: "2026-11-26T03:00:00.000Z",
  }),
  "tr-4": instance("tr-4", {
    runtimeStatus: "Failed",
    output: "Error: token abc leaked",
    customStatus: running,
  }),
  "promo-1": instance("promo-1", { name: "promote" }),
};
const queries: ListQuery[] = [];
const port: StatusPort = {
  get: (id) => Promise.resolve(store[id]),
  list: (query) => {
    queries.push(query);
    return Promise.resolve({ statuses: Object.values(store), continuationToken: "page-2" });
  },
};
const NOW = Date.parse("2026-11-26T12:00:00.000Z");
const [list, get] = pipelineRoutes(
  () => port,
  () => NOW,
);
const client = {} as DurableClient;
const call = async (route: typeof get | typeof list, url: string, params: Record<string, string> = {}) => {
  const res = await route.handle(new HttpRequest({ method: "GET", url, params }), client);
  return { status: res.status, body: res.jsonBody as Record<string, unknown> };
};

describe("GET /api/pipelines/{instanceId}", () => {
  it("shows a finished pipeline from its output, without internal fields", async () => {
    const { status, body } = await call(get, "http://h/api/pipelines/tr-1", { instanceId: "tr-1" });
    expect(status).toBe(200);
    expect(body).toEqual({
      instanceId: "tr-1",
      runtimeStatus: "Completed",
      bundle: "churn",
      target: "local",
      outcome: "registered",
      steps: ["train", "evaluate", "register"].map((name) => ({
        name,
        state: "succeeded",
        runId: `${name}-run`,
        runUrl: `http://emulator/#job/1/run/${name}-run`,
      })),
      metrics: { eval_roc_auc: 0.86 },
      gate: { passed: true, reasons: [] },
      model: { name: "main.ml_local.churn", version: "3", alias: "challenger" },
      lineage: { path: "_orchestrator/runs/tr-1.json" },
    });
  });

  it("takes a running step's run id and URL from its runJob watcher", async () => {
    const { body } = await call(get, "http://h/api/pipelines/tr-2", { instanceId: "tr-2" });
    expect(body["outcome"]).toBeNull();
    expect((body["steps"] as unknown[])[0]).toEqual({
      name: "train",
      state: "running",
      runId: "777",
      runUrl: "http://emulator/#job/11/run/777",
    });
  });

  it("says why it stopped: the terminate reason, but never a failed instance's error text", async () => {
    expect((await call(get, "http://h/api/pipelines/tr-3", { instanceId: "tr-3" })).body["error"]).toBe(
      "terminated: stopped by admin",
    );
    const failed = (await call(get, "http://h/api/pipelines/tr-4", { instanceId: "tr-4" })).body;
    expect(failed["error"]).toMatch(/failed unexpectedly/);
    expect(JSON.stringify(failed)).not.toContain("leaked");
  });

  it.each([["nope"], ["promo-1"], ["tr-2:train:1"], ["../etc"]])("answers 404 for %s", async (id) => {
    expect((await call(get, `http://h/api/pipelines/x`, { instanceId: id })).status).toBe(404);
  });
});

describe("GET /api/pipelines", () => {
  it("lists pipelines of a bundle and target, newest first", async () => {
    const { status, body } = await call(list, "http://h/api/pipelines?bundle=churn&target=local");
    expect(status).toBe(200);
    // Without a window the last 24 hours are read; the store's token comes back wrapped with that window.
    expect(queries.at(-1)).toEqual({ top: 50, createdFrom: "2026-11-25T12:00:00.000Z" });
    expect(typeof body["continuationToken"]).toBe("string");
    expect(body["pipelines"]).toEqual([
      { instanceId: "tr-2", runtimeStatus: "Running", createdAt: "2026-11-26T02:00:00.000Z", outcome: null },
      {
        instanceId: "tr-1",
        runtimeStatus: "Completed",
        createdAt: "2026-11-26T01:00:00.000Z",
        outcome: "registered",
      },
      { instanceId: "tr-4", runtimeStatus: "Failed", createdAt: "2026-11-26T01:00:00.000Z", outcome: null },
    ]);
  });

  it("refuses a malformed filter with 400", async () => {
    expect((await call(list, "http://h/api/pipelines?bundle=a%2Fb")).status).toBe(400);
  });

  it("reads one bounded page in the caller's window, and the next page in the same window", async () => {
    const first = await call(
      list,
      "http://h/api/pipelines?top=10&createdFrom=2026-11-01T00:00:00Z&createdTo=2026-11-26T00:00:00.000Z",
    );
    const window = { createdFrom: "2026-11-01T00:00:00.000Z", createdTo: "2026-11-26T00:00:00.000Z" };
    expect(queries.at(-1)).toEqual({ top: 10, ...window });
    const token = first.body["continuationToken"] as string;
    // The token wins over a different window in the query: every page reads the same query.
    const next = `http://h/api/pipelines?top=10&createdFrom=2020-01-01T00:00:00Z&continuationToken=${token}`;
    expect((await call(list, next)).status).toBe(200);
    expect(queries.at(-1)).toEqual({ top: 10, ...window, continuationToken: "page-2" });
  });

  it("keeps the default window across pages, however much later the next page is read", async () => {
    const token = (await call(list, "http://h/api/pipelines")).body["continuationToken"] as string;
    const [listLater] = pipelineRoutes(
      () => port,
      () => NOW + 3_600_000,
    );
    expect((await call(listLater, `http://h/api/pipelines?continuationToken=${token}`)).status).toBe(200);
    expect(queries.at(-1)).toEqual({
      top: 50,
      createdFrom: "2026-11-25T12:00:00.000Z",
      continuationToken: "page-2",
    });
  });

  it.each([
    ["top=0"],
    ["top=101"],
    ["top=ten"],
    ["top=1.5"],
    ["createdFrom=yesterday"],
    ["createdFrom=2026-11-26T00:00:00Z&createdTo=2026-11-01T00:00:00Z"],
    ["continuationToken=a%0D%0Ax-injected:%201"],
    [`continuationToken=${encodeURIComponent('{"nextPartitionKey":"tr-9"}')}`],
    [`continuationToken=${Buffer.from(JSON.stringify({ s: "a\r\nx: 1" })).toString("base64url")}`],
  ])("refuses %s with 400 before reading anything", async (query) => {
    const before = queries.length;
    expect((await call(list, `http://h/api/pipelines?${query}`)).status).toBe(400);
    expect(queries).toHaveLength(before);
  });
});
