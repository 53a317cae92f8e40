import { describe, expect, it } from "vitest";
import type { DeployReport } from "../../../../shared/github/report/deploy-report.js";
import { createDeployReporter } from "../../../../shared/github/report/reporter.js";
import { RERUN_ACTION, parseDeployCheckName } from "../../../../shared/github/rerun-route.js";
import { createLogger, type LogEntry } from "../../../../shared/runtime/logger.js";
import { FakeGitHubApi } from "./fake-github-api.js";

const SHA = "a".repeat(40);
const base: DeployReport = {
  repository: "acme/ml",
  installationId: 7,
  sha: SHA,
  target: "staging",
  bundle: "churn",
  environmentUrl: "https://adb-1.azuredatabricks.net",
  phase: "queued",
  correlationId: "gh-d1:deploy:churn:staging",
};

function setup(given: FakeGitHubApi | "none" = new FakeGitHubApi()) {
  const api = given === "none" ? undefined : given;
  const logs: LogEntry[] = [];
  const sleeps: number[] = [];
  const reporter = createDeployReporter({
    api,
    log: createLogger({ sink: (e) => logs.push(e), level: "debug" }),
    now: () => new Date("2026-11-26T00:00:00Z"),
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  });
  return { api, reporter, logs, sleeps };
}

const annotations = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    path: "bundles/churn/databricks.yml",
    line: i + 1,
    message: `problem ${i}`,
  }));

describe("deploy reporter (GitHub App)", () => {
  it("walks one check run and one deployment through queued → in_progress → failure", async () => {
    const { api, reporter } = setup();
    expect(await reporter.report(base)).toMatchObject({ reported: true });
    await reporter.report({ ...base, phase: "in_progress", plan: { add: 2, change: 1, delete: 0 } });
    const run1 = api!.runs[0];
    expect(run1).toMatchObject({
      name: "deploy/staging/churn",
      status: "in_progress",
      external_id: base.correlationId,
    });
    expect(run1?.fields.output?.summary).toContain("2 to add, 1 to change, 0 to delete");
    const done = await reporter.report({
      ...base,
      phase: "failure",
      message: "job key is invalid",
      annotations: annotations(3),
    });
    expect(done.reported).toBe(true);
    expect(api!.runs).toHaveLength(1);
    const run = api!.runs[0];
    expect(run).toMatchObject({
      status: "completed",
      conclusion: "failure",
      output: { annotations_count: 3 },
    });
    expect(run?.fields.details_url).toBe(base.environmentUrl);
    expect(run?.fields.actions).toEqual([
      expect.objectContaining({ label: "Re-run", identifier: RERUN_ACTION }),
    ]);
    expect(RERUN_ACTION.length).toBeLessThanOrEqual(20);
    // The webhook's re-run route recognises the name we give the run.
    expect(parseDeployCheckName(run?.name ?? "")).toEqual({ target: "staging", bundle: "churn" });
    expect(api!.deployments).toHaveLength(1);
    expect(api!.deployments[0]?.fields).toMatchObject({
      ref: SHA,
      environment: "staging",
      auto_merge: false,
      required_contexts: [],
      transient_environment: false,
      payload: { correlationId: base.correlationId },
    });
    expect(api!.deployments[0]?.statuses.map((s) => s.state)).toEqual(["queued", "in_progress", "failure"]);
    expect(api!.deployments[0]?.statuses[0]?.environment_url).toBe(base.environmentUrl);
  });

  it("sends 120 annotations as 50 + 50 + 20 and GitHub counts each once", async () => {
    const { api, reporter } = setup();
    await reporter.report({ ...base, phase: "failure", message: "invalid", annotations: annotations(120) });
    const sent = api!.calls.filter((c) => c.annotations !== undefined).map((c) => [c.call, c.annotations]);
    expect(sent).toEqual([
      ["createCheckRun", 50],
      ["updateCheckRun", 50],
      ["updateCheckRun", 20],
    ]);
    expect(api!.runs[0]?.output?.annotations_count).toBe(120);
  });

  it("cuts a summary over 65,535 characters and says so", async () => {
    const { api, reporter } = setup();
    const result = await reporter.report({ ...base, phase: "failure", message: "x".repeat(100_000) });
    expect(result.reported).toBe(true);
    const summary = api!.runs[0]?.fields.output?.summary ?? "";
    expect(summary.length).toBeLessThanOrEqual(65_535);
    expect(summary.length).toBeGreaterThan(65_000);
    expect(summary).toMatch(/truncated: \d+ characters omitted/);
    expect(api!.deployments[0]?.statuses[0]?.description?.length).toBeLessThanOrEqual(140);
  });

  it("reporting the same phase again (a retried activity) creates nothing new and re-sends no annotation", async () => {
    const { api, reporter } = setup();
    const failure: DeployReport = {
      ...base,
      phase: "failure",
      message: "invalid",
      annotations: annotations(120),
    };
    await reporter.report(failure);
    await reporter.report(failure);
    expect(api!.runs).toHaveLength(1);
    expect(api!.runs[0]?.output?.annotations_count).toBe(120);
    expect(api!.deployments).toHaveLength(1);
    expect(api!.calls.filter((c) => c.call === "createCheckRun")).toHaveLength(1);
  });

  it("a try that died between annotation batches is completed by the retry without duplicates", async () => {
    const { api, reporter, sleeps } = setup();
    api!.failNext("updateCheckRun", 502);
    const result = await reporter.report({
      ...base,
      phase: "failure",
      message: "invalid",
      annotations: annotations(120),
    });
    expect(result.reported).toBe(true);
    expect(sleeps).toEqual([1_000]);
    expect(api!.runs).toHaveLength(1);
    expect(api!.runs[0]?.output?.annotations_count).toBe(120);
  });

  it("a late report never moves a completed run back", async () => {
    const { api, reporter } = setup();
    await reporter.report({ ...base, phase: "success", plan: { add: 1, change: 0, delete: 0 } });
    await reporter.report({ ...base, phase: "in_progress" });
    expect(api!.runs[0]).toMatchObject({ status: "completed", conclusion: "success" });
  });

  it("a deploy superseded before it started completes its check as skipped and creates no deployment", async () => {
    const { api, reporter } = setup();
    await reporter.report({ ...base, phase: "skipped", message: "superseded by bbbbbbb" });
    expect(api!.runs[0]).toMatchObject({ conclusion: "skipped" });
    expect(api!.deployments).toHaveLength(0);
  });

  it("a new deploy attempt of the same commit (another correlation id) gets its own run and deployment", async () => {
    const { api, reporter } = setup();
    await reporter.report(base);
    await reporter.report({ ...base, correlationId: "gh-d2:deploy:churn:staging" });
    expect(api!.runs).toHaveLength(2);
    expect(api!.deployments).toHaveLength(2);
  });
});

describe("deploy reporter failures", () => {
  it("retries GitHub 5xx a bounded number of times, then answers reported:false and logs it", async () => {
    const { api, reporter, sleeps, logs } = setup();
    api!.failNext("listCheckRuns", 503, 10);
    const result = await reporter.report(base);
    expect(result.reported).toBe(false);
    expect(result.detail).toContain("503");
    expect(sleeps).toEqual([1_000, 2_000]);
    expect(logs.filter((l) => l.message === "deploy report failed")).toHaveLength(3);
  });

  it("does not retry a 422", async () => {
    const { api, reporter, sleeps } = setup();
    api!.failNext("createDeployment", 422);
    expect(await reporter.report(base)).toMatchObject({ reported: false });
    expect(sleeps).toEqual([]);
  });

  it("answers reported:false when GitHub is not configured", async () => {
    const { reporter } = setup("none");
    expect(await reporter.report(base)).toEqual({
      reported: false,
      detail: "GitHub reporting is not configured",
    });
  });

  it("turns an unexpected exception into reported:false without retrying", async () => {
    const api = new FakeGitHubApi();
    api.listCheckRuns = () => Promise.reject(new TypeError("boom"));
    const { reporter, sleeps } = setup(api);
    expect(await reporter.report(base)).toEqual({ reported: false, detail: "reporting failed (TypeError)" });
    expect(sleeps).toEqual([]);
  });
});

describe("deploy reporter with a token only", () => {
  it("falls back to commit statuses named like the check run", async () => {
    const { api, reporter } = setup(new FakeGitHubApi("token"));
    await reporter.report(base);
    await reporter.report({ ...base, phase: "success", plan: { add: 1, change: 0, delete: 0 } });
    expect(api!.calls.some((c) => c.call.includes("CheckRun"))).toBe(false);
    expect(api!.commitStatuses.map((s) => [s.context, s.state])).toEqual([
      ["deploy/staging/churn", "pending"],
      ["deploy/staging/churn", "success"],
    ]);
    expect(api!.commitStatuses[1]).toMatchObject({ sha: SHA, target_url: base.environmentUrl });
    expect(api!.deployments[0]?.statuses.map((s) => s.state)).toEqual(["queued", "success"]);
  });
});
