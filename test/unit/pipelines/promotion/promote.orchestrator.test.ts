import { describe, expect, it } from "vitest";
import { runOrchestration } from "../../../harness/orchestration.js";
import { alice, approve, bob, HOUR, input, MODEL, promote, world } from "./world.js";

const activityNames = (steps: readonly { kind: string; name?: string }[]) =>
  steps.filter((s) => s.kind === "activity").map((s) => s.name);

describe("promote orchestration", () => {
  it("approved by a second person: deploys the commit, flips champion, drops challenger, records", async () => {
    const w = world();
    const run = await runOrchestration(promote, {
      input,
      activities: w.activities,
      events: [approve()],
    });
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({
      kind: "promoted",
      version: "4",
      targetVersion: "4",
      targetModel: "prod.ml.churn",
      championBefore: "3",
      commit: "c4",
    });
    expect(w.deployed).toEqual(["c4"]);
    expect(Object.fromEntries(w.aliases)).toEqual({ champion: "4" });
    expect(w.ledger).toHaveLength(1);
    expect(w.ledger[0]).toMatchObject({
      id: input.recordId,
      outcome: "promoted",
      requester: alice,
      approver: bob,
      versionBefore: "3",
      versionAfter: "4",
      commit: "c4",
      reason: "better recall",
      comment: "lgtm",
      decidedAt: "2026-01-01T01:00:00.000Z",
    });
    expect(activityNames(run.steps)).toEqual([
      "PreflightPromotion",
      "sub:DeployCommit",
      "SetModelAlias",
      "RemoveModelAlias",
      "ReportDeploy",
      "AppendLedgerRecord",
    ]);
    expect(run.pendingTimers).toEqual([]);
    expect(run.customStatus).toContainEqual(
      expect.objectContaining({ step: "awaiting_approval", deadline: "2026-01-04T00:00:00.000Z" }),
    );
  });

  it("rejection changes nothing and is recorded with the rejecting person", async () => {
    const w = world();
    const event = {
      ...approve(),
      data: { decision: "reject", by: bob, comment: "not yet", at: "2026-01-01T01:00:00.000Z" },
    };
    const run = await runOrchestration(promote, {
      input,
      activities: w.activities,
      events: [event],
    });
    expect(run.output).toEqual({ kind: "rejected", by: bob, comment: "not yet" });
    expect(w.deployed).toEqual([]);
    expect(Object.fromEntries(w.aliases)).toEqual({ champion: "3", challenger: "4" });
    expect(w.ledger[0]).toMatchObject({
      outcome: "rejected",
      approver: bob,
      versionAfter: "3",
      comment: "not yet",
    });
  });

  it("cancellation by the requester is recorded without an approver", async () => {
    const w = world();
    const event = { ...approve(), data: { decision: "cancel", by: alice, at: "2026-01-01T01:00:00.000Z" } };
    const run = await runOrchestration(promote, {
      input,
      activities: w.activities,
      events: [event],
    });
    expect(run.output).toEqual({ kind: "canceled", by: alice, comment: null });
    expect(w.ledger[0]).toMatchObject({ outcome: "canceled", approver: null });
    expect(w.deployed).toEqual([]);
  });

  it("times out on the virtual clock after reminders at half time and near the end", async () => {
    const w = world();
    const run = await runOrchestration(promote, { input, activities: w.activities });
    expect(run.output).toEqual({ kind: "timed_out", deadline: "2026-01-04T00:00:00.000Z" });
    expect(run.finishedAt).toBe("2026-01-04T00:00:00.000Z");
    expect(w.reminders).toEqual(["half", "final"]);
    expect(run.steps.filter((s) => s.kind === "timer").map((s) => s.fireAt)).toEqual([
      "2026-01-02T12:00:00.000Z",
      "2026-01-03T23:00:00.000Z",
      "2026-01-04T00:00:00.000Z",
    ]);
    expect(w.ledger[0]).toMatchObject({ outcome: "timed_out", approver: null, versionAfter: "3" });
    expect(Object.fromEntries(w.aliases)).toEqual({ champion: "3", challenger: "4" });
  });

  it("ignores a self-approval that bypassed the API and keeps waiting", async () => {
    const w = world();
    const run = await runOrchestration(promote, {
      input,
      activities: w.activities,
      events: [approve(alice, HOUR), approve(bob, 2 * HOUR)],
    });
    expect(run.output).toMatchObject({ kind: "promoted" });
    expect(w.ledger[0]).toMatchObject({ approver: bob, decidedAt: "2026-01-01T02:00:00.000Z" });
    expect(run.logs.some((l) => JSON.stringify(l.args).includes("self-approval ignored"))).toBe(true);
  });

  it("a refused preflight records the refusal and never waits", async () => {
    const w = world({ preflight: { kind: "refused", reasons: ["version 4 has no commit_sha tag"] } });
    const run = await runOrchestration(promote, { input, activities: w.activities });
    expect(run.output).toEqual({ kind: "refused", reasons: ["version 4 has no commit_sha tag"] });
    expect(run.steps.some((s) => s.kind === "event")).toBe(false);
    expect(w.ledger[0]).toMatchObject({ outcome: "refused", model: MODEL, sourceModel: MODEL });
    // Nothing changes: no deploy, no alias moved.
    expect(w.deployed).toEqual([]);
    expect(Object.fromEntries(w.aliases)).toEqual({ champion: "3", challenger: "4" });
  });

  it("a refusal is recorded in the target model's ledger, with the model and version asked for beside it", async () => {
    const w = world({
      preflight: {
        kind: "refused",
        reasons: ["version 7 has no lineage tags: commit_sha"],
        targetModel: "prod.ml.churn",
        version: "7",
      },
    });
    await runOrchestration(promote, {
      input: { ...input, model: "staging.ml.churn" },
      activities: w.activities,
    });
    expect(w.ledger).toEqual([
      expect.objectContaining({
        outcome: "refused",
        model: "prod.ml.churn",
        sourceModel: "staging.ml.churn",
        sourceVersion: "7",
        versionBefore: null,
        versionAfter: null,
        approver: null,
      }),
    ]);
  });

  it("reminders without a webhook are a log line and a comment on the commit only", async () => {
    const w = world();
    await runOrchestration(promote, {
      input: { ...input, reminderWebhook: false },
      activities: w.activities,
    });
    expect(w.reminders).toEqual([]);
    expect(w.comments.map((c) => c.marker)).toEqual([
      `<!-- ml-orchestrator:promotion-reminder ${input.recordId} half -->`,
      `<!-- ml-orchestrator:promotion-reminder ${input.recordId} final -->`,
    ]);
  });

  it("comments each reminder on the promoted commit, naming version, route, requester and deadline", async () => {
    const w = world();
    await runOrchestration(promote, { input, activities: w.activities, events: [approve(bob, 71.5 * HOUR)] });
    expect(w.comments).toHaveLength(2);
    const [half, final] = w.comments;
    expect(half).toMatchObject({ repository: "acme/ml", sha: "c4" });
    expect(half?.body).toContain("Half of the approval time has passed.");
    expect(half?.body).toContain("`prod.ml.churn` version 4 from `staging` to `prod`");
    expect(half?.body).toContain("requested by alice: better recall");
    expect(half?.body).toContain("before 2026-01-04T00:00:00.000Z");
    expect(half?.body.endsWith(half.marker)).toBe(true);
    expect(final?.body).toContain("The approval deadline is near.");
  });

  it("a reminder comment that cannot be posted is logged and does not decide the promotion", async () => {
    const w = world({ throwOn: { activity: "PostReminderComment" } });
    const run = await runOrchestration(promote, {
      input,
      activities: w.activities,
      events: [approve(bob, 71.5 * HOUR)],
    });
    expect(run.output).toMatchObject({ kind: "promoted" });
    expect(w.reminders).toEqual(["half", "final"]);
    expect(
      run.logs.some((l) => JSON.stringify(l.args).includes("approval reminder comment not posted")),
    ).toBe(true);
  });
});

describe("promote orchestration edge cases", () => {
  it("an approval raised before the wait began (during preflight) is kept and used", async () => {
    const w = world();
    const run = await runOrchestration(promote, {
      input,
      activities: w.activities,
      events: [approve(bob, 0)],
    });
    expect(run.output).toMatchObject({ kind: "promoted" });
    expect(w.reminders).toEqual([]);
  });

  it("a reminder webhook that keeps failing is logged and does not decide the promotion", async () => {
    const w = world();
    const activities = {
      ...w.activities,
      SendPromotionReminder: () => {
        throw new Error("webhook down");
      },
    };
    const run = await runOrchestration(promote, {
      input,
      activities,
      events: [approve(bob, 60 * HOUR)],
    });
    expect(run.output).toMatchObject({ kind: "promoted" });
    expect(run.logs.some((l) => JSON.stringify(l.args).includes("approval reminder not delivered"))).toBe(
      true,
    );
  });
});
