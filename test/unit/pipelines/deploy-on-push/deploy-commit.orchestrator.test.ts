import { describe, expect, it } from "vitest";
import type { DeployRequest } from "../../../../shared/github/deploy-request.js";
import {
  DeployBundle,
  EnqueueDeploy,
  PrepareSource,
  ReleaseDeployLease,
  RenewDeployLease,
  type DeployBundleInput,
  type PreparedSource,
} from "../../../../shared/pipelines/deploy-on-push/deploy.contracts.js";
import { deployOnPushOrchestrator } from "../../../../shared/pipelines/deploy-on-push/deploy.orchestrator.js";
import { createLeaseActivities } from "../../../../shared/pipelines/deploy-on-push/lease.activities.js";
import { createLogger } from "../../../../shared/runtime/logger.js";
import { fake, runOrchestration } from "../../../harness/orchestration.js";
import { MemoryLeaseStore } from "./memory-lease-store.js";

const orchestrator = deployOnPushOrchestrator;
const START = "2026-01-01T00:00:00.000Z";
const TTL = 30 * 60_000;

const request = (n: number): DeployRequest => ({
  deliveryId: `d-${n}`,
  trigger: "push",
  repository: { id: 42, fullName: "acme/ml" },
  ref: "refs/heads/main",
  sha: String(n).repeat(40),
  target: "staging",
  bundlesDir: "bundles",
  changes: { kind: "paths", paths: ["bundles/churn/src/train.py"] },
  receivedAt: `2026-01-01T00:00:0${n}.000Z`,
});

const prepared = (changed: string[], extra: Partial<PreparedSource["changes"]> = {}): PreparedSource => ({
  snapshot: "snap-1",
  changes: { changed, unchanged: [], invalid: [], removed: [], ...extra },
  roots: { churn: "bundles/churn", scoring: "bundles/scoring" },
});

/** A world of lease activities over one store, shared by several orchestrations as in the real app. */
function world() {
  const store = new MemoryLeaseStore();
  const raised: string[] = [];
  const deployed: DeployBundleInput[] = [];
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
  type Deploy = (input: DeployBundleInput) => void | Promise<void>;
  const activities = (deploy: Deploy = () => undefined, source = prepared(["churn"])) => ({
    ...fake(PrepareSource, () => source),
    ...fake(EnqueueDeploy, (i) => lease.enqueueDeploy(i)),
    ...fake(RenewDeployLease, (i) => lease.renewDeployLease(i)),
    ...fake(ReleaseDeployLease, (i) => lease.releaseDeployLease(i)),
    ...fake(DeployBundle, async (input) => {
      await deploy(input);
      deployed.push(input);
      return { kind: "deployed" as const, counts: { add: 1, change: 0, delete: 0 } };
    }),
  });
  const run = (
    n: number,
    options: {
      deploy?: Deploy;
      source?: PreparedSource;
      events?: { name: string; data: unknown; afterMs: number }[];
    } = {},
  ) => {
    running.add(`gh-${n}`);
    return runOrchestration(orchestrator, {
      input: request(n),
      instanceId: `gh-${n}`,
      startTime: START,
      activities: activities(options.deploy, options.source),
      events: options.events ?? [],
    }).finally(() => running.delete(`gh-${n}`));
  };
  return {
    store,
    raised,
    deployed,
    lease,
    run,
    running,
    setClock: (iso: string) => (clock = Date.parse(iso)),
  };
}

const names = (steps: readonly { kind: string; name?: string }[]) =>
  steps.map((s) => (s.kind === "activity" ? s.name : s.kind));

describe("DeployOnPush orchestration", () => {
  it("records a push that changes no bundle and deploys nothing", async () => {
    const w = world();
    const invalid = [{ root: "bundles/notes", reason: "no databricks.yml in the bundle folder" }];
    const result = await w.run(1, { source: prepared([], { invalid, removed: ["bundles/gone"] }) });
    expect(result.output).toEqual({
      kind: "nothing_to_deploy",
      sha: "1".repeat(40),
      target: "staging",
      invalid,
      removed: ["bundles/gone"],
    });
    expect(names(result.steps)).toEqual(["PrepareSource"]);
  });

  it("deploys each changed bundle under its lease: enqueue, renew, deploy, release", async () => {
    const w = world();
    const result = await w.run(1, { source: prepared(["scoring", "churn"]) });
    expect(result.status).toBe("completed");
    expect(names(result.steps)).toEqual([
      "PrepareSource",
      ...["EnqueueDeploy", "RenewDeployLease", "DeployBundle", "ReleaseDeployLease"],
      ...["EnqueueDeploy", "RenewDeployLease", "DeployBundle", "ReleaseDeployLease"],
    ]);
    expect(w.deployed.map((d) => `${d.bundle}@${d.root}`)).toEqual([
      "churn@bundles/churn",
      "scoring@bundles/scoring",
    ]);
    expect(result.output).toMatchObject({
      kind: "done",
      results: [
        { bundle: "churn", kind: "deployed" },
        { bundle: "scoring", kind: "deployed" },
      ],
    });
    expect([...w.store.records.values()].every((r) => r.record.holder === null)).toBe(true);
  });

  it("releases the lease when the deploy step fails for good", async () => {
    const w = world();
    const result = await w.run(1, {
      deploy: () => {
        throw new Error("workspace unreachable");
      },
    });
    expect(result.status).toBe("failed");
    expect(names(result.steps).at(-1)).toBe("ReleaseDeployLease");
    expect(w.store.only()?.holder).toBeNull();
  });

  it("coalesces pushes that arrive during a deploy: only the newest commit deploys next, the others are skipped", async () => {
    const w = world();
    // Pushes 2 and 3 arrive while push 1 deploys: their orchestrations ask for the lease meanwhile.
    const first = await w.run(1, {
      deploy: async () => {
        await w.lease.enqueueDeploy({
          key: { repositoryId: 42, target: "staging", bundle: "churn" },
          ticket: { instanceId: "gh-2", sha: "2".repeat(40), receivedAt: request(2).receivedAt },
        });
        await w.lease.enqueueDeploy({
          key: { repositoryId: 42, target: "staging", bundle: "churn" },
          ticket: { instanceId: "gh-3", sha: "3".repeat(40), receivedAt: request(3).receivedAt },
        });
      },
    });
    expect(first.status).toBe("completed");
    expect(w.raised).toEqual([
      "gh-2 DeployLease:staging:churn superseded",
      "gh-3 DeployLease:staging:churn granted",
    ]);
    const second = await w.run(2, {
      events: [{ name: "DeployLease:staging:churn", data: { grant: "superseded" }, afterMs: 0 }],
    });
    expect(second.output).toMatchObject({
      results: [{ bundle: "churn", kind: "skipped", reason: "superseded", by: "3".repeat(40) }],
    });
    expect(names(second.steps)).not.toContain("DeployBundle");
    const third = await w.run(3);
    expect(third.output).toMatchObject({ results: [{ bundle: "churn", kind: "deployed" }] });
    expect(w.deployed.map((d) => d.sha[0])).toEqual(["1", "3"]);
  });

  it("waits in the queue until the holder hands the lease over", async () => {
    const w = world();
    w.running.add("gh-1");
    await w.lease.enqueueDeploy({
      key: { repositoryId: 42, target: "staging", bundle: "churn" },
      ticket: { instanceId: "gh-1", sha: "1".repeat(40), receivedAt: request(1).receivedAt },
    });
    let checks = 0;
    const result = await runOrchestration(orchestrator, {
      input: request(2),
      instanceId: "gh-2",
      startTime: START,
      events: [{ name: "DeployLease:staging:churn", data: { grant: "granted" }, afterMs: 20_000 }],
      activities: {
        ...fake(PrepareSource, () => prepared(["churn"])),
        ...fake(EnqueueDeploy, async (i) => {
          // Holder 1 finishes while 2 waits; its release hands the lease over before the event lands.
          if (++checks === 2) await w.lease.releaseDeployLease({ key: i.key, instanceId: "gh-1" });
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
    expect(names(result.steps)).toEqual([
      "PrepareSource",
      "EnqueueDeploy",
      "event",
      "timer",
      "EnqueueDeploy",
      "RenewDeployLease",
      "DeployBundle",
      "ReleaseDeployLease",
    ]);
    expect(result.pendingTimers).toEqual([]);
    expect(result.output).toMatchObject({ results: [{ kind: "deployed" }] });
  });

  it("takes over from a holder that crashed while still marked running, once its TTL runs out", async () => {
    const w = world();
    w.running.add("gh-1");
    await w.lease.enqueueDeploy({
      key: { repositoryId: 42, target: "staging", bundle: "churn" },
      ticket: { instanceId: "gh-1", sha: "1".repeat(40), receivedAt: request(1).receivedAt },
    });
    let clockMs = Date.parse(START);
    const result = await runOrchestration(orchestrator, {
      input: request(2),
      instanceId: "gh-2",
      startTime: START,
      activities: {
        ...fake(PrepareSource, () => prepared(["churn"])),
        ...fake(EnqueueDeploy, (i) => {
          w.setClock(new Date(clockMs).toISOString());
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
    expect(result.output).toMatchObject({ results: [{ kind: "deployed" }] });
  });
});
