import { describe, expect, it } from "vitest";
import {
  PlanBundleDeploy,
  PrepareCommit,
  type DeployCommitInput,
} from "../../../../shared/pipelines/deploy-on-push/deploy-commit.contracts.js";
import { deployCommitOrchestrator } from "../../../../shared/pipelines/deploy-on-push/deploy-commit.orchestrator.js";
import {
  DeployBundle,
  EnqueueDeploy,
  ReleaseDeployLease,
  RenewDeployLease,
} from "../../../../shared/pipelines/deploy-on-push/deploy.contracts.js";
import { createLeaseActivities } from "../../../../shared/pipelines/deploy-on-push/lease.activities.js";
import {
  ReportDeploy,
  type ReportDeployInput,
} from "../../../../shared/pipelines/deploy-on-push/report.contracts.js";
import { createLogger } from "../../../../shared/runtime/logger.js";
import { fake, runOrchestration } from "../../../harness/orchestration.js";
import { MemoryLeaseStore } from "./memory-lease-store.js";

const START = "2026-01-01T00:00:00.000Z";
const input: DeployCommitInput = {
  repository: "Acme/ML",
  installationId: 9,
  sha: "a".repeat(40),
  bundle: "churn",
  target: "staging",
  requestedBy: "github:push",
  reason: "push",
  coalesce: true,
  deliveryId: "d-1",
  receivedAt: START,
};
const deployed = {
  kind: "deployed",
  planJson: "{}",
  counts: { add: 2, change: 1, delete: 0, unchanged: 4 },
  uploaded: 3,
  deleted: 0,
  applied: [],
  warnings: [],
};

function run(engine: "steps" | undefined, child: (input: unknown, id: string | undefined) => unknown) {
  const store = new MemoryLeaseStore();
  const reports: ReportDeployInput[] = [];
  const lease = createLeaseActivities({
    store,
    isRunning: () => Promise.resolve(true),
    raiseEvent: () => Promise.resolve(),
    now: () => new Date(START),
    ttlMs: 60_000,
    log: createLogger({ sink: () => undefined }),
  });
  const prepared = { kind: "ok" as const, snapshot: "acme/ml/sha", root: "bundles/churn" };
  const result = runOrchestration(deployCommitOrchestrator, {
    input,
    instanceId: "c-1",
    startTime: START,
    activities: {
      ...fake(ReportDeploy, (i) => (reports.push(i), { reported: true })),
      ...fake(EnqueueDeploy, (i) => lease.enqueueDeploy(i)),
      ...fake(RenewDeployLease, (i) => lease.renewDeployLease(i)),
      ...fake(ReleaseDeployLease, (i) => lease.releaseDeployLease(i)),
      ...fake(PrepareCommit, () => (engine === undefined ? prepared : { ...prepared, engine })),
      ...fake(PlanBundleDeploy, () => ({
        kind: "planned" as const,
        counts: { add: 2, change: 1, delete: 0 },
      })),
      ...fake(DeployBundle, () => ({ kind: "deployed" as const, counts: { add: 2, change: 1, delete: 0 } })),
    },
    subOrchestrations: { DeployBundleSteps: child },
  });
  return { result, reports, store };
}

const names = (steps: readonly { kind: string; name?: string }[]) =>
  steps.filter((s) => s.name !== "ReportDeploy").map((s) => s.name ?? s.kind);

describe("DeployCommit with the DeployBundleSteps sub-orchestration", () => {
  it("deploys through the child (id from its own instance id, target, snapshot reference, commit) and reports its counts", async () => {
    const { result, reports, store } = run("steps", () => deployed);
    const r = await result;
    expect(names(r.steps)).toEqual([
      ...["EnqueueDeploy", "timer", "RenewDeployLease", "PrepareCommit", "PlanBundleDeploy"],
      ...["DeployBundleSteps", "ReleaseDeployLease"],
    ]);
    expect(r.steps.find((s) => s.kind === "subOrchestration")).toEqual({
      kind: "subOrchestration",
      name: "DeployBundleSteps",
      instanceId: "c-1:bundle",
      input: {
        source: { snapshot: "acme/ml/sha", root: "bundles/churn" },
        target: "staging",
        git: { commit: "a".repeat(40), originUrl: "https://github.com/Acme/ML.git" },
      },
    });
    expect(r.output).toEqual({ kind: "deployed", counts: { add: 2, change: 1, delete: 0 } });
    expect(reports.map((x) => [x.phase, x.plan?.add])).toEqual([
      ["queued", undefined],
      ["in_progress", 2],
      ["success", 2],
    ]);
    expect(store.only()?.holder).toBeNull();
  });

  it("a child that fails (its lock already released in its finally) ends failed, reported, lease released", async () => {
    const { result, reports, store } = run("steps", () => {
      throw new Error("cannot create resources.jobs.x: boom");
    });
    const r = await result;
    expect(r.output).toMatchObject({ kind: "failed" });
    expect((r.output as { message: string }).message).toContain("cannot create resources.jobs.x");
    expect(names(r.steps).at(-1)).toBe("ReleaseDeployLease");
    expect(reports.at(-1)?.phase).toBe("failure");
    expect(store.only()?.holder).toBeNull();
  });

  it("an invalid bundle seen by the child's validate step is an invalid outcome", async () => {
    const r = await run("steps", () => ({ kind: "invalid", errors: ["x is wrong", "y too"] })).result;
    expect(r.output).toEqual({ kind: "invalid", message: "x is wrong; y too" });
  });

  it("an instance whose recorded PrepareCommit has no engine (prepared before the steps) replays DeployBundle", async () => {
    const r = await run(undefined, () => {
      throw new Error("never called");
    }).result;
    expect(names(r.steps)).toContain("DeployBundle");
    expect(names(r.steps)).not.toContain("DeployBundleSteps");
    expect(r.output).toEqual({ kind: "deployed", counts: { add: 2, change: 1, delete: 0 } });
  });
});
