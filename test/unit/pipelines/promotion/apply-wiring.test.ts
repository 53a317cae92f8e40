import { describe, expect, it } from "vitest";
import { runOrchestration } from "../../../harness/orchestration.js";
import { approve, input, promote, ready, world } from "./world.js";

const cross = {
  ...ready,
  sourceModel: "staging.ml.churn",
  targetModel: "prod.ml.churn",
  championBefore: "11",
};

describe("promote: deploy, smoke and copy wiring", () => {
  it("deploys through DeployCommit without coalescing, as the requester, with the recorded repository", async () => {
    const w = world();
    const result = await runOrchestration(promote, { input, activities: w.activities, events: [approve()] });
    expect(result.output).toMatchObject({ kind: "promoted", version: "4", targetVersion: "4" });
    expect(w.deploys).toEqual([
      expect.objectContaining({
        repository: "acme/ml",
        sha: "c4",
        bundle: "churn",
        target: "prod",
        requestedBy: "oid-alice",
        reason: "promotion",
        coalesce: false,
      }),
    ]);
    const child = result.steps.find((s) => s.kind === "activity" && s.name === "sub:DeployCommit");
    const instanceId = (child?.kind === "activity" ? child.input : {}) as { instanceId?: string };
    expect(instanceId.instanceId).toMatch(/^harness-instance:deploy:churn:prod:/);
  });

  it("a compensating redeploy is a second child with reason rollback and its own instance id", async () => {
    const w = world({ failDeploy: "c4" });
    const result = await runOrchestration(promote, { input, activities: w.activities, events: [approve()] });
    expect(w.deploys.map((d) => [d.sha, d.reason])).toEqual([
      ["c4", "promotion"],
      ["c3", "rollback"],
    ]);
    const ids = result.steps
      .filter((s) => s.kind === "activity" && s.name === "sub:DeployCommit")
      .map((s) => (s.kind === "activity" ? (s.input as { instanceId: string }).instanceId : ""));
    expect(new Set(ids).size).toBe(2);
  });

  it("runs the sidecar's smoke job by its deployed id through runJob, keyed by the promotion record", async () => {
    const w = world({ preflight: { ...ready, smoke: { job: "smoke", timeoutSeconds: 600 } } });
    const result = await runOrchestration(promote, { input, activities: w.activities, events: [approve()] });
    expect(result.output).toMatchObject({ kind: "promoted" });
    expect(w.smokeRuns).toEqual([
      expect.objectContaining({
        step: "smoke",
        target: "prod",
        jobId: "77",
        timeoutSeconds: 600,
        pipelineInstanceId: input.recordId,
      }),
    ]);
  });

  it("separate models: copies the version, sets champion on the copy, drops challenger in the source", async () => {
    const w = world({ preflight: cross });
    w.aliases.set("staging.ml.churn@challenger", "4");
    w.aliases.set("prod.ml.churn@champion", "11");
    const result = await runOrchestration(promote, { input, activities: w.activities, events: [approve()] });
    expect(result.output).toMatchObject({
      kind: "promoted",
      version: "4",
      targetVersion: "12",
      targetModel: "prod.ml.churn",
      championBefore: "11",
    });
    expect(w.copies).toEqual(["staging.ml.churn/4 -> prod.ml.churn"]);
    expect(w.aliases.get("champion")).toBe("12");
    expect(w.aliases.has("staging.ml.churn@challenger")).toBe(false);
    // The ledger is the target model's champion history and keeps the source version beside it.
    expect(w.ledger[0]).toMatchObject({
      outcome: "promoted",
      model: "prod.ml.churn",
      versionBefore: "11",
      versionAfter: "12",
      sourceModel: "staging.ml.churn",
      sourceVersion: "4",
    });
  });

  it("separate models, copy fails: only the deploy is undone; nothing else had changed", async () => {
    const w = world({ preflight: cross, throwOn: { activity: "SubmitModelCopy" } });
    const result = await runOrchestration(promote, { input, activities: w.activities, events: [approve()] });
    expect(result.output).toMatchObject({ kind: "failed", step: "copy", compensated: ["redeploy c3"] });
    expect(w.ledger[0]).toMatchObject({ outcome: "failed", model: "prod.ml.churn", versionAfter: "11" });
  });

  it("separate models, smoke fails: champion goes back to the earlier version in the target model", async () => {
    const w = world({
      preflight: { ...cross, smoke: { job: "smoke", timeoutSeconds: 60 } },
      failSmoke: true,
    });
    w.aliases.set("staging.ml.churn@challenger", "4");
    const result = await runOrchestration(promote, { input, activities: w.activities, events: [approve()] });
    expect(result.output).toMatchObject({
      kind: "failed",
      step: "smoke",
      compensated: ["restore challenger 4", "restore champion 11", "redeploy c3"],
      compensationErrors: [],
    });
    expect(w.aliases.get("champion")).toBe("11");
    expect(w.aliases.get("staging.ml.churn@challenger")).toBe("4");
  });

  it("reports the outcome to GitHub on the deploy child's check and deployment (same correlation id)", async () => {
    const w = world();
    const result = await runOrchestration(promote, { input, activities: w.activities, events: [approve()] });
    const child = result.steps.find((s) => s.kind === "activity" && s.name === "sub:DeployCommit");
    const childId = child?.kind === "activity" ? (child.input as { instanceId: string }).instanceId : "";
    expect(w.reports).toEqual([
      {
        repository: "acme/ml",
        sha: "c4",
        target: "prod",
        bundle: "churn",
        phase: "success",
        message:
          "prod.ml.churn version 4 is champion on prod; requested by alice, approved by bob: better recall",
        correlationId: childId,
      },
    ]);
  });

  it("a failed promotion is reported as a failure that says what was undone", async () => {
    const w = world({
      preflight: { ...cross, smoke: { job: "smoke", timeoutSeconds: 60 } },
      failSmoke: true,
    });
    await runOrchestration(promote, { input, activities: w.activities, events: [approve()] });
    expect(w.reports).toHaveLength(1);
    expect(w.reports[0]).toMatchObject({ phase: "failure", sha: "c4" });
    expect(w.reports[0]?.message).toMatch(
      /^Promotion failed at smoke: smoke run 900 failed: assertion failed; undone: restore challenger 4, restore champion 11, redeploy c3;/,
    );
  });

  it("a GitHub outage never changes the promotion's outcome", async () => {
    const w = world();
    const activities = { ...w.activities, ReportDeploy: () => Promise.reject(new Error("GitHub down")) };
    const result = await runOrchestration(promote, { input, activities, events: [approve()] });
    expect(result.output).toMatchObject({ kind: "promoted" });
    expect(w.ledger[0]).toMatchObject({ outcome: "promoted" });
  });
});
