import { describe, expect, it } from "vitest";
import type { DeployRequest } from "../../../../shared/github/deploy-request.js";
import {
  PlanBundleDeploy,
  PrepareCommit,
  type DeployCommitInput,
} from "../../../../shared/pipelines/deploy-on-push/deploy-commit.contracts.js";
import { deployCommitOrchestrator } from "../../../../shared/pipelines/deploy-on-push/deploy-commit.orchestrator.js";
import {
  DeployBundle,
  EnqueueDeploy,
  PrepareSource,
  ReleaseDeployLease,
  RenewDeployLease,
  type DeployBundleInput,
} from "../../../../shared/pipelines/deploy-on-push/deploy.contracts.js";
import { deployOnPushOrchestrator } from "../../../../shared/pipelines/deploy-on-push/deploy.orchestrator.js";
import { createLeaseActivities } from "../../../../shared/pipelines/deploy-on-push/lease.activities.js";
import {
  ReportDeploy,
  type ReportDeployInput,
} from "../../../../shared/pipelines/deploy-on-push/report.contracts.js";
import { createLogger } from "../../../../shared/runtime/logger.js";
import { fake, runOrchestration, type ScriptedEvent } from "../../../harness/orchestration.js";
import { MemoryLeaseStore } from "./memory-lease-store.js";

const START = "2026-01-01T00:00:00.000Z";
const TTL = 30 * 60_000;
const KEY = { repository: "acme/ml", target: "staging", bundle: "churn" };
const EVENT = "DeployLease:staging:churn";

const input = (n: number, extra: Partial<DeployCommitInput> = {}): DeployCommitInput => ({
  repository: "Acme/ML",
  installationId: 9,
  sha: String(n).repeat(40),
  bundle: "churn",
  target: "staging",
  requestedBy: "github:push",
  reason: "push",
  coalesce: true,
  deliveryId: `d-${n}`,
  receivedAt: `2026-01-01T00:00:0${n}.000Z`,
  ...extra,
});
const ticket = (n: number) => ({
  instanceId: `c-${n}`,
  sha: String(n).repeat(40),
  receivedAt: input(n).receivedAt ?? "",
});

const reporting = (into: ReportDeployInput[] = []) =>
  fake(ReportDeploy, (i) => {
    into.push(i);
    return { reported: true };
  });

/** Lease activities over one store, shared by several orchestrations as in the real app. */
function world() {
  const store = new MemoryLeaseStore();
  const raised: string[] = [];
  const deployed: DeployBundleInput[] = [];
  const reports: ReportDeployInput[] = [];
  let clock = Date.parse(START);
  const running = new Set<string>();
  const lease = createLeaseActivities({
    store,
    isRunning: (id) => Promise.resolve(running.has(id)),
    raiseEvent: (id, name, data) => {
      raised.push(`${id} ${name} ${data.grant}`);
      return Promise.resolve();
    },
    now: () => new Date(clock),
    ttlMs: TTL,
    log: createLogger({ sink: () => undefined }),
  });
  type Deploy = (i: DeployBundleInput) => void | Promise<void>;
  const activities = (deploy: Deploy = () => undefined) => ({
    ...reporting(reports),
    ...fake(PrepareCommit, () => ({ kind: "ok" as const, snapshot: "snap", root: "bundles/churn" })),
    ...fake(PlanBundleDeploy, () => ({ kind: "planned" as const, counts: { add: 3, change: 0, delete: 0 } })),
    ...fake(EnqueueDeploy, (i) => lease.enqueueDeploy(i)),
    ...fake(RenewDeployLease, (i) => lease.renewDeployLease(i)),
    ...fake(ReleaseDeployLease, (i) => lease.releaseDeployLease(i)),
    ...fake(DeployBundle, async (i) => {
      await deploy(i);
      deployed.push(i);
      return { kind: "deployed" as const, counts: { add: 3, change: 0, delete: 0 } };
    }),
  });
  const run = (
    n: number,
    options: { deploy?: Deploy; events?: ScriptedEvent[]; extra?: Partial<DeployCommitInput> } = {},
  ) => {
    running.add(`c-${n}`);
    return runOrchestration(deployCommitOrchestrator, {
      input: input(n, options.extra),
      instanceId: `c-${n}`,
      startTime: START,
      activities: activities(options.deploy),
      events: options.events ?? [],
    }).finally(() => running.delete(`c-${n}`));
  };
  return { store, raised, deployed, reports, lease, run, running, setClock: (ms: number) => (clock = ms) };
}

/** The steps without reports (asserted separately). */
const names = (steps: readonly { kind: string; name?: string }[]) =>
  steps.filter((s) => s.name !== "ReportDeploy").map((s) => (s.kind === "activity" ? s.name : s.kind));

describe("DeployCommit orchestration", () => {
  it("deploys under the lease: enqueue, renew, prepare, plan, deploy, release", async () => {
    const w = world();
    const result = await w.run(1);
    expect(names(result.steps)).toEqual([
      ...["EnqueueDeploy", "timer", "RenewDeployLease", "PrepareCommit", "PlanBundleDeploy"],
      ...["DeployBundle", "ReleaseDeployLease"],
    ]);
    expect(w.reports.map((r) => [r.phase, r.plan?.add, r.correlationId])).toEqual([
      ["queued", undefined, "c-1"],
      ["in_progress", 3, "c-1"],
      ["success", 3, "c-1"],
    ]);
    expect(result.output).toEqual({ kind: "deployed", counts: { add: 3, change: 0, delete: 0 } });
    expect(w.deployed[0]).toMatchObject({ root: "bundles/churn", snapshot: "snap", sha: "1".repeat(40) });
    // The lease key uses the lower-cased name: promotions and pushes spell it differently.
    expect([...w.store.records.keys()]).toEqual(["acme%2Fml/staging/churn"]);
    expect(w.store.only()?.holder).toBeNull();
  });

  it("releases the lease and returns a failed outcome when the deploy step fails for good", async () => {
    const w = world();
    const result = await w.run(1, {
      deploy: () => {
        throw new Error("workspace unreachable");
      },
    });
    expect(result.status).toBe("completed");
    expect(result.output).toMatchObject({ kind: "failed" });
    expect(names(result.steps).at(-1)).toBe("ReleaseDeployLease");
    expect(w.store.only()?.holder).toBeNull();
  });

  it("coalesces pushes that arrive during a deploy: only the newest deploys next, the others are superseded", async () => {
    const w = world();
    const first = await w.run(1, {
      deploy: async () => {
        await w.lease.enqueueDeploy({ key: KEY, ticket: ticket(2) });
        await w.lease.enqueueDeploy({ key: KEY, ticket: ticket(3) });
      },
    });
    expect(first.output).toMatchObject({ kind: "deployed" });
    expect(w.raised).toEqual([`c-2 ${EVENT} superseded`, `c-3 ${EVENT} granted`]);
    const second = await w.run(2, { events: [{ name: EVENT, data: { grant: "superseded" }, afterMs: 0 }] });
    expect(second.output).toEqual({ kind: "superseded" });
    expect(names(second.steps)).not.toContain("DeployBundle");
    const third = await w.run(3);
    expect(third.output).toMatchObject({ kind: "deployed" });
    expect(w.deployed.map((d) => d.sha[0])).toEqual(["1", "3"]);
  });

  it("a push steps aside, deploying nothing, when a newer push queues behind it while it settles", async () => {
    const w = world();
    w.running.add("c-1");
    const result = await runOrchestration(deployCommitOrchestrator, {
      input: input(1),
      instanceId: "c-1",
      startTime: START,
      activities: {
        ...reporting(w.reports),
        ...fake(EnqueueDeploy, (i) => w.lease.enqueueDeploy(i)),
        ...fake(RenewDeployLease, async (i) => {
          await w.lease.enqueueDeploy({ key: KEY, ticket: ticket(2) }); // push 2 arrived meanwhile
          return w.lease.renewDeployLease(i);
        }),
        ...fake(ReleaseDeployLease, (i) => w.lease.releaseDeployLease(i)),
      },
    });
    expect(result.output).toEqual({ kind: "superseded" });
    expect(names(result.steps)).toEqual(["EnqueueDeploy", "timer", "RenewDeployLease", "ReleaseDeployLease"]);
    expect(w.raised).toEqual([`c-2 ${EVENT} granted`]);
    expect(w.reports.map((r) => r.phase)).toEqual(["queued", "skipped"]);
  });

  it("a promotion (coalesce: false) superseded by a newer push asks again and still deploys", async () => {
    const w = world();
    w.running.add("c-5");
    await w.lease.enqueueDeploy({ key: KEY, ticket: ticket(5) }); // a push holding the lease
    let asks = 0;
    const result = await runOrchestration(deployCommitOrchestrator, {
      input: input(1, { reason: "promotion", coalesce: false }),
      instanceId: "c-1",
      startTime: START,
      events: [{ name: EVENT, data: { grant: "granted" }, afterMs: 5_000 }],
      activities: {
        ...reporting(),
        ...fake(PrepareCommit, () => ({ kind: "ok" as const, snapshot: "s", root: "bundles/churn" })),
        ...fake(PlanBundleDeploy, () => ({
          kind: "planned" as const,
          counts: { add: 0, change: 1, delete: 0 },
        })),
        ...fake(EnqueueDeploy, async (i) => {
          if (++asks === 3) await w.lease.releaseDeployLease({ key: i.key, instanceId: "c-5" });
          return w.lease.enqueueDeploy(i);
        }),
        ...fake(RenewDeployLease, (i) => w.lease.renewDeployLease(i)),
        ...fake(ReleaseDeployLease, (i) => w.lease.releaseDeployLease(i)),
        ...fake(DeployBundle, () => ({
          kind: "deployed" as const,
          counts: { add: 0, change: 1, delete: 0 },
        })),
      },
    });
    // Older than the holder's push: superseded at first, re-asked as the newest request, queued, granted.
    expect(names(result.steps).slice(0, 2)).toEqual(["EnqueueDeploy", "EnqueueDeploy"]);
    expect(result.output).toMatchObject({ kind: "deployed" });
  });

  it("takes over from a holder that crashed while still marked running, once its TTL runs out", async () => {
    const w = world();
    w.running.add("c-1");
    await w.lease.enqueueDeploy({ key: KEY, ticket: ticket(1) });
    let clockMs = Date.parse(START);
    const result = await runOrchestration(deployCommitOrchestrator, {
      input: input(2),
      instanceId: "c-2",
      startTime: START,
      activities: {
        ...reporting(),
        ...fake(PrepareCommit, () => ({ kind: "ok" as const, snapshot: "s", root: "bundles/churn" })),
        ...fake(PlanBundleDeploy, () => ({
          kind: "planned" as const,
          counts: { add: 0, change: 0, delete: 0 },
        })),
        ...fake(EnqueueDeploy, (i) => {
          w.setClock(clockMs);
          clockMs += 60_000; // each poll happens a minute later on the virtual clock
          return w.lease.enqueueDeploy(i);
        }),
        ...fake(RenewDeployLease, (i) => w.lease.renewDeployLease(i)),
        ...fake(ReleaseDeployLease, (i) => w.lease.releaseDeployLease(i)),
        ...fake(DeployBundle, () => ({
          kind: "deployed" as const,
          counts: { add: 0, change: 0, delete: 0 },
        })),
      },
    });
    const polls = names(result.steps).filter((n) => n === "EnqueueDeploy").length;
    expect(polls).toBeGreaterThan(25);
    expect(polls).toBeLessThan(40);
    expect(result.output).toMatchObject({ kind: "deployed" });
  });

  it("an invalid plan fails the check with annotations on the YAML lines, deploying nothing", async () => {
    const w = world();
    const annotations = [{ path: "bundles/churn/resources/train.yml", line: 7, message: "unknown field" }];
    const result = await runOrchestration(deployCommitOrchestrator, {
      input: input(1),
      instanceId: "c-1",
      activities: {
        ...reporting(w.reports),
        ...fake(PrepareCommit, () => ({ kind: "ok" as const, snapshot: "s", root: "bundles/churn" })),
        ...fake(PlanBundleDeploy, () => ({
          kind: "invalid" as const,
          message: "unknown field",
          annotations,
        })),
        ...fake(EnqueueDeploy, (i) => w.lease.enqueueDeploy(i)),
        ...fake(RenewDeployLease, (i) => w.lease.renewDeployLease(i)),
        ...fake(ReleaseDeployLease, (i) => w.lease.releaseDeployLease(i)),
      },
    });
    expect(result.output).toMatchObject({ kind: "invalid", message: "unknown field" });
    expect(names(result.steps)).not.toContain("DeployBundle");
    expect(w.reports.at(-1)).toMatchObject({ phase: "failure", message: "unknown field", annotations });
  });

  it("an invalid bundle is an outcome: nothing deployed, lease released", async () => {
    const w = world();
    const result = await runOrchestration(deployCommitOrchestrator, {
      input: input(1),
      instanceId: "c-1",
      activities: {
        ...reporting(),
        ...fake(PrepareCommit, () => ({
          kind: "invalid" as const,
          message: "no such bundle at this commit",
        })),
        ...fake(EnqueueDeploy, (i) => w.lease.enqueueDeploy(i)),
        ...fake(RenewDeployLease, (i) => w.lease.renewDeployLease(i)),
        ...fake(ReleaseDeployLease, (i) => w.lease.releaseDeployLease(i)),
      },
    });
    expect(result.output).toEqual({ kind: "invalid", message: "no such bundle at this commit" });
    expect(w.store.only()?.holder).toBeNull();
  });
});

describe("DeployOnPush orchestration", () => {
  it("records a push that changes no bundle, deploys nothing, and fails the check of an invalid bundle folder", async () => {
    const request: DeployRequest = {
      deliveryId: "d-1",
      trigger: "push",
      repository: { id: 42, fullName: "acme/ml" },
      ref: "refs/heads/main",
      sha: "1".repeat(40),
      target: "staging",
      bundlesDir: "bundles",
      changes: { kind: "paths", paths: ["README.md"] },
      receivedAt: START,
    };
    const invalid = [{ root: "bundles/notes", reason: "no databricks.yml in the bundle folder" }];
    const reports: ReportDeployInput[] = [];
    const result = await runOrchestration(deployOnPushOrchestrator, {
      input: request,
      activities: {
        ...fake(PrepareSource, () => ({
          snapshot: "s",
          changes: { changed: [], unchanged: ["churn"], invalid, removed: ["bundles/gone"] },
          roots: { churn: "bundles/churn" },
        })),
        ...reporting(reports),
      },
    });
    expect(result.output).toEqual({
      kind: "nothing_to_deploy",
      sha: "1".repeat(40),
      target: "staging",
      invalid,
      removed: ["bundles/gone"],
    });
    expect(names(result.steps)).toEqual(["PrepareSource"]);
    expect(reports).toEqual([
      expect.objectContaining({
        bundle: "notes",
        target: "staging",
        sha: "1".repeat(40),
        phase: "failure",
        message: "bundles/notes is not a valid bundle: no databricks.yml in the bundle folder",
      }),
    ]);
  });
});
