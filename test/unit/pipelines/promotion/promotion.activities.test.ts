import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePipelineConfig } from "../../../../shared/pipelines/config/load.js";
import { createLedger, type AppendStore } from "../../../../shared/pipelines/promotion/ledger-store.js";
import { createPromotionActivities } from "../../../../shared/pipelines/promotion/promotion.activities.js";
import type { TargetRegistry } from "../../../../shared/pipelines/promotion/promotion.activities.js";
import { createRegistryActivities } from "../../../../shared/pipelines/promotion/registry.activities.js";
import {
  copyRunToken,
  createCopyActivities,
} from "../../../../shared/pipelines/promotion/copy.activities.js";
import type { CopyRunRequest } from "../../../../shared/pipelines/promotion/copy-run.js";
import type { RunInfo, VersionInfo } from "../../../../shared/pipelines/promotion/registry.js";
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
  const targets: string[] = [];
  const copies = new Map<string, string>();
  const r: TargetRegistry = {
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
    findCopy: (_m, marker) => Promise.resolve(copies.get(marker) ?? null),
  };
  const registryFor = (target: string) => {
    targets.push(target);
    return r;
  };
  return { r, registryFor, aliases, calls, targets, copies };
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
  const submitted: CopyRunRequest[] = [];
  const deps = {
    registryFor: reg.registryFor,
    copyRunnerFor: (target: string) => ({
      submit(run: CopyRunRequest) {
        reg.targets.push(`runner ${target}`);
        submitted.push(run);
        return Promise.resolve("555");
      },
    }),
    ledger,
    sidecar,
    repositories: ["acme/ml"],
    jobs: { jobId: (_b: string, _t: string, job: string) => Promise.resolve(job === "smoke" ? "77" : null) },
  };
  return {
    ...reg,
    ledger,
    submitted,
    acts: createPromotionActivities(deps),
    regActs: createRegistryActivities(deps),
    copyActs: createCopyActivities(deps),
  };
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
      sourceModel: MODEL,
      targetModel: MODEL,
      repository: "acme/ml",
      smoke: null,
    });
  });

  it.each([
    ["an unknown bundle", { ...request, bundle: "nope" }, good, passed, /unknown bundle nope/],
    [
      "an unknown model",
      { ...request, model: "staging.ml.other" },
      good,
      passed,
      /model staging.ml.other is not the model of staging \(staging.ml.churn\)/,
    ],
    [
      "an unknown target",
      { ...request, to: "nowhere" },
      good,
      passed,
      /target nowhere is not on the promotion path/,
    ],
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

  it("a refusal names the target's model (its ledger) and the version asked for, when they are known", async () => {
    const real = parsePipelineConfig(readFileSync("bundles/churn/orchestrator.yml", "utf8"));
    const make = (versions: Record<string, VersionInfo>) =>
      createPromotionActivities({
        registryFor: registry(versions, passed).registryFor,
        ledger: createLedger(memory()),
        sidecar: { load: (b: string) => Promise.resolve(b === "churn" ? real : null) },
        repositories: ["acme/ml"],
        jobs: { jobId: () => Promise.resolve(null) },
      });
    expect(await make(good).preflight({ ...request, version: "9" }, ctx)).toMatchObject({
      kind: "refused",
      targetModel: "prod.ml.churn",
      version: "9",
    });
    const bare = { "4": { version: "4", runId: "run-4", tags: {} } };
    // Without a version given, the one holding challenger is the one refused.
    expect(await make(bare).preflight(request, ctx)).toMatchObject({
      kind: "refused",
      reasons: [expect.stringMatching(/no lineage tags/)],
      targetModel: "prod.ml.churn",
      version: "4",
    });
    const unknown = await make(good).preflight({ ...request, bundle: "nope" }, ctx);
    expect(unknown).toEqual({ kind: "refused", reasons: ["unknown bundle nope"] });
  });

  it("separate models: ready, with champion and the previous commit read from the target's model", async () => {
    const { registryFor, targets } = activities();
    const ledger = createLedger(memory());
    await ledger.appendOnce(entry("p0", { model: "prod.ml.churn", versionAfter: "3", commit: "c9" }));
    await ledger.appendOnce(entry("p1", { model: MODEL, versionAfter: "3", commit: "wrong" }));
    const real = parsePipelineConfig(readFileSync("bundles/churn/orchestrator.yml", "utf8"));
    const strict = createPromotionActivities({
      registryFor,
      ledger,
      sidecar: { load: () => Promise.resolve(real) },
      repositories: ["acme/ml"],
      jobs: { jobId: () => Promise.resolve(null) },
    });
    expect(await strict.preflight(request, ctx)).toMatchObject({
      kind: "ready",
      sourceModel: "staging.ml.churn",
      targetModel: "prod.ml.churn",
      previousCommit: "c9",
    });
    // The source version is read in the source target's workspace, champion in the target's.
    expect(targets).toEqual(["staging", "prod"]);
  });

  it("refuses when the commit's repository is unknown or ambiguous, and prefers the run's tag", async () => {
    const reg = registry(good, passed);
    const make = (repositories: string[], runs: Record<string, RunInfo> = passed) =>
      createPromotionActivities({
        registryFor: registry(good, runs).registryFor,
        ledger: createLedger(memory()),
        sidecar: { load: () => Promise.resolve(config) },
        repositories,
        jobs: { jobId: () => Promise.resolve(null) },
      });
    expect(JSON.stringify(await make([]).preflight(request, ctx))).toMatch(/no repository known/);
    expect(JSON.stringify(await make(["a/b", "c/d"]).preflight(request, ctx))).toMatch(/any of a\/b, c\/d/);
    const tagged = { "run-4": { tags: { git_repository: "c/d" }, metrics: { gate_passed: 1 } } };
    expect(await make(["a/b", "c/d"], tagged).preflight(request, ctx)).toMatchObject({ repository: "c/d" });
    expect(reg.calls).toEqual([]);
  });

  it("returns the sidecar's smoke job with its timeout", async () => {
    const withSmoke = parsePipelineConfig(
      `${churn}\n`.replace(
        "champion_alias: champion",
        "champion_alias: champion\n  smoke: { job: smoke, timeout: 10m }",
      ),
    );
    const acts = createPromotionActivities({
      registryFor: registry(good, passed).registryFor,
      ledger: createLedger(memory()),
      sidecar: { load: () => Promise.resolve(withSmoke) },
      repositories: ["acme/ml"],
      jobs: { jobId: () => Promise.resolve(null) },
    });
    expect(await acts.preflight(request, ctx)).toMatchObject({
      smoke: { job: "smoke", timeoutSeconds: 600 },
    });
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
    const { regActs: acts, calls, aliases } = activities();
    expect(
      await acts.setAlias({ target: "prod", model: MODEL, alias: "champion", version: "4" }, ctx),
    ).toEqual({
      previous: "3",
    });
    expect(
      await acts.setAlias({ target: "prod", model: MODEL, alias: "champion", version: "4" }, ctx),
    ).toEqual({
      previous: "4",
    });
    expect(
      await acts.removeAlias({ target: "prod", model: MODEL, alias: "challenger", version: "4" }, ctx),
    ).toEqual({
      removed: true,
    });
    expect(
      await acts.removeAlias({ target: "prod", model: MODEL, alias: "challenger", version: "4" }, ctx),
    ).toEqual({
      removed: false,
    });
    aliases.set("challenger", "5");
    expect(
      await acts.removeAlias({ target: "prod", model: MODEL, alias: "challenger", version: "4" }, ctx),
    ).toEqual({
      removed: false,
    });
    expect(calls).toEqual(["set champion=4", "delete challenger"]);
  });

  it("posts a reminder to the webhook and throws on a failed delivery so the retry policy applies", async () => {
    const posted: unknown[] = [];
    const reg = registry(good, passed);
    const make = (status: number) =>
      createPromotionActivities({
        registryFor: reg.registryFor,
        ledger: createLedger(memory()),
        sidecar: { load: () => Promise.resolve(null) },
        repositories: [],
        jobs: { jobId: () => Promise.resolve(null) },
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

describe("FindModelCopy, SubmitModelCopy and ResolveBundleJob", () => {
  const copy = {
    from: { target: "staging", model: "staging.ml.churn", version: "4" },
    to: { target: "prod", model: "prod.ml.churn" },
    recordId: "promo-1@2026-01-01T00:00:00.000Z",
  };

  it("submits a copy run in the target's workspace with the lineage tags of the version and its run", async () => {
    const withData = {
      "4": { version: "4", runId: "run-4", tags: { commit_sha: SHA, orchestration_id: "pipe-1" } },
    };
    const runs = { "run-4": { tags: { data_paths: "churn/x", mlflow_user: "u" }, metrics: {} } };
    const { copyActs, submitted, targets } = activities(withData, runs);
    expect(await copyActs.submitCopy(copy, ctx)).toEqual({ runId: "555" });
    expect(submitted).toEqual([
      {
        sourceModel: "staging.ml.churn",
        sourceVersion: "4",
        targetModel: "prod.ml.churn",
        tags: { commit_sha: SHA, orchestration_id: "pipe-1", data_paths: "churn/x" },
        idempotencyToken: copyRunToken(copy.recordId, "staging.ml.churn/4"),
      },
    ]);
    expect(targets).toEqual(["staging", "runner prod"]);
  });

  it("derives one token per promotion record and version, within the Jobs API's 64 characters", () => {
    const token = copyRunToken("promo-1@2026-01-01T00:00:00.000Z", "staging.ml.churn/4");
    expect(token.length).toBeLessThanOrEqual(64);
    expect(copyRunToken("promo-1@2026-01-01T00:00:00.000Z", "staging.ml.churn/4")).toBe(token);
    expect(copyRunToken("promo-1@2026-01-02T00:00:00.000Z", "staging.ml.churn/4")).not.toBe(token);
    expect(copyRunToken("promo-1@2026-01-01T00:00:00.000Z", "staging.ml.churn/5")).not.toBe(token);
  });

  it("finds a copy by its marker in the target's registry", async () => {
    const { copyActs, copies, targets } = activities();
    const ref = { target: "prod", model: "prod.ml.churn", marker: "staging.ml.churn/4" };
    expect(await copyActs.findCopy(ref, ctx)).toEqual({ version: null });
    copies.set("staging.ml.churn/4", "20");
    expect(await copyActs.findCopy(ref, ctx)).toEqual({ version: "20" });
    expect(targets).toEqual(["prod", "prod"]);
  });

  it("fails without retrying when the source version is gone, and submits nothing", async () => {
    const { copyActs, submitted } = activities({}, passed);
    await expect(copyActs.submitCopy(copy, ctx)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(submitted).toEqual([]);
  });

  it("resolves a deployed job id, and refuses a job that is not in the deployment state", async () => {
    const { regActs } = activities();
    expect(await regActs.resolveJob({ bundle: "churn", target: "prod", job: "smoke" }, ctx)).toEqual({
      jobId: "77",
    });
    await expect(
      regActs.resolveJob({ bundle: "churn", target: "prod", job: "other" }, ctx),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
