import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePipelineConfig } from "../../../../shared/pipelines/config/load.js";
import { createLedger, type AppendStore } from "../../../../shared/pipelines/promotion/ledger-store.js";
import { createPromotionActivities } from "../../../../shared/pipelines/promotion/promotion.activities.js";
import type { ModelRegistry, RunInfo, VersionInfo } from "../../../../shared/pipelines/promotion/registry.js";
import { directorySidecarSource } from "../../../../shared/pipelines/promotion/sidecar-source.js";
import { entry } from "./world.js";

// The churn sidecar with one registered model for staging and prod (shared catalog), as a team would set it.
const churn = readFileSync("bundles/churn/orchestrator.yml", "utf8").replace(
  /prod: prod\.ml\.churn/,
  "prod: staging.ml.churn",
);
const config = parsePipelineConfig(churn);
const MODEL = "staging.ml.churn";
const SHA = "0123456789abcdef0123456789abcdef01234567";

function registry(versions: Record<string, VersionInfo>, runs: Record<string, RunInfo>) {
  const aliases = new Map([
    ["challenger", "4"],
    ["champion", "3"],
  ]);
  const calls: string[] = [];
  const r: ModelRegistry = {
    getVersion: (_m, v) => Promise.resolve(versions[v] ?? null),
    versionByAlias: (_m, a) => Promise.resolve(aliases.get(a) ?? null),
    setAlias(_m, a, v) {
      calls.push(`set ${a}=${v}`);
      aliases.set(a, v);
      return Promise.resolve();
    },
    deleteAlias(_m, a) {
      calls.push(`delete ${a}`);
      aliases.delete(a);
      return Promise.resolve();
    },
    getRun: (id) => Promise.resolve(runs[id] ?? null),
  };
  return { r, aliases, calls };
}

const good = { "4": { version: "4", runId: "run-4", tags: { commit_sha: SHA, orchestration_id: "pipe-1" } } };
const passed = { "run-4": { tags: {}, metrics: { gate_passed: 1 } } };

function memory(): AppendStore {
  const files = new Map<string, string>();
  return {
    read: (p) => Promise.resolve(files.get(p) ?? null),
    append: (p, t) => Promise.resolve(void files.set(p, (files.get(p) ?? "") + t)),
  };
}

function activities(versions: Record<string, VersionInfo> = good, runs: Record<string, RunInfo> = passed) {
  const reg = registry(versions, runs);
  const ledger = createLedger(memory());
  const sidecar = { load: (b: string) => Promise.resolve(b === "churn" ? config : null) };
  return { ...reg, ledger, acts: createPromotionActivities({ registry: reg.r, ledger, sidecar }) };
}

const ctx = {} as never;
const request = { bundle: "churn", model: MODEL, from: "staging", to: "prod" };

describe("PreflightPromotion", () => {
  it("is ready for the challenger with lineage, a passed gate and a known commit", async () => {
    const { acts, ledger } = activities();
    await ledger.appendOnce(entry("p0", { model: MODEL, versionAfter: "3", commit: "c3" }));
    expect(await acts.preflight(request, ctx)).toEqual({
      kind: "ready",
      version: "4",
      commit: SHA,
      runId: "run-4",
      championBefore: "3",
      previousCommit: "c3",
      aliases: { champion: "champion", challenger: "challenger" },
    });
  });

  it.each([
    ["an unknown bundle", { ...request, bundle: "nope" }, good, passed, /unknown bundle nope/],
    [
      "an unknown version",
      { ...request, version: "9" },
      good,
      passed,
      /version 9 of staging.ml.churn does not exist/,
    ],
    [
      "a target off the path",
      { ...request, to: "dev" },
      good,
      passed,
      /not reachable from staging|not on the promotion path/,
    ],
    ["a skipped step", { ...request, from: "local", to: "prod" }, good, passed, /not reachable/],
    [
      "no lineage",
      request,
      { "4": { version: "4", runId: "run-4", tags: {} } },
      passed,
      /no lineage tags: commit_sha, orchestration_id/,
    ],
    [
      "a failed gate",
      request,
      good,
      { "run-4": { tags: {}, metrics: { gate_passed: 0 } } },
      /did not pass the gate/,
    ],
    [
      "the current champion",
      { ...request, version: "3" },
      { "3": { ...good["4"], version: "3" } },
      passed,
      /champion already/,
    ],
  ])("refuses %s", async (_name, input, versions, runs, reason) => {
    const { acts } = activities(versions, runs);
    const outcome = await acts.preflight(input, ctx);
    expect(outcome.kind).toBe("refused");
    expect(JSON.stringify(outcome)).toMatch(reason);
  });

  it("refuses targets with separate models instead of promoting across catalogs", async () => {
    const { acts } = activities();
    const sidecar = {
      load: () =>
        Promise.resolve(parsePipelineConfig(readFileSync("bundles/churn/orchestrator.yml", "utf8"))),
    };
    const strict = createPromotionActivities({
      registry: activities().r,
      ledger: createLedger(memory()),
      sidecar,
    });
    expect(JSON.stringify(await strict.preflight(request, ctx))).toMatch(/separate models/);
    expect((await acts.preflight(request, ctx)).kind).toBe("ready");
  });

  it("reads the real churn sidecar from the bundles folder", async () => {
    expect((await directorySidecarSource("bundles").load("churn"))?.promotion.path).toEqual([
      "staging",
      "prod",
    ]);
    expect(await directorySidecarSource("bundles").load("missing")).toBeNull();
    expect(await directorySidecarSource("bundles").load("../etc")).toBeNull();
  });
});

describe("alias activities are safe to run twice", () => {
  it("sets once, removes only our version, and reports what was there", async () => {
    const { acts, calls, aliases } = activities();
    expect(await acts.setAlias({ model: MODEL, alias: "champion", version: "4" }, ctx)).toEqual({
      previous: "3",
    });
    expect(await acts.setAlias({ model: MODEL, alias: "champion", version: "4" }, ctx)).toEqual({
      previous: "4",
    });
    expect(await acts.removeAlias({ model: MODEL, alias: "challenger", version: "4" }, ctx)).toEqual({
      removed: true,
    });
    expect(await acts.removeAlias({ model: MODEL, alias: "challenger", version: "4" }, ctx)).toEqual({
      removed: false,
    });
    aliases.set("challenger", "5");
    expect(await acts.removeAlias({ model: MODEL, alias: "challenger", version: "4" }, ctx)).toEqual({
      removed: false,
    });
    expect(calls).toEqual(["set champion=4", "delete challenger"]);
  });

  it("posts a reminder to the webhook and throws on a failed delivery so the retry policy applies", async () => {
    const posted: unknown[] = [];
    const reg = registry(good, passed);
    const make = (status: number) =>
      createPromotionActivities({
        registry: reg.r,
        ledger: createLedger(memory()),
        sidecar: { load: () => Promise.resolve(null) },
        reminderUrl: "http://127.0.0.1:9/hook",
        fetch: (_url, init) => {
          posted.push(JSON.parse(init?.body as string));
          return Promise.resolve(new Response(null, { status }));
        },
      });
    const reminder = {
      promotionId: "p",
      model: MODEL,
      to: "prod",
      version: "4",
      requester: { id: "a", name: "a" },
      deadline: "d",
      when: "half" as const,
    };
    expect(await make(204).sendReminder(reminder, ctx)).toEqual({ sent: true });
    await expect(make(500).sendReminder(reminder, ctx)).rejects.toThrow(/500/);
    expect(posted[0]).toMatchObject({ kind: "promotion_reminder", when: "half" });
  });
});
