import { describe, expect, it } from "vitest";
import { createLogger } from "../../../../shared/runtime/logger.js";
import {
  createLeaseActivities,
  leaseStorageKey,
} from "../../../../shared/pipelines/deploy-on-push/lease.activities.js";
import { MAX_CAS_ROUNDS } from "../../../../shared/pipelines/deploy-on-push/lease-store.js";
import { MemoryLeaseStore } from "./memory-lease-store.js";

const key = { repository: "acme/ml", target: "staging", bundle: "churn" };
const ticket = (n: number) => ({
  instanceId: `gh-${n}`,
  sha: String(n).repeat(40),
  receivedAt: `2026-01-01T00:0${n}:00.000Z`,
});

function setup(running: (id: string) => boolean = () => true) {
  const store = new MemoryLeaseStore();
  const raised: { instanceId: string; name: string; grant: string }[] = [];
  const probed: string[] = [];
  let now = new Date("2026-01-01T00:10:00.000Z");
  const activities = createLeaseActivities({
    store,
    isRunning: (id) => {
      probed.push(id);
      return Promise.resolve(running(id));
    },
    raiseEvent: (instanceId, name, data) => {
      raised.push({ instanceId, name, grant: data.grant });
      return Promise.resolve();
    },
    now: () => now,
    ttlMs: 60_000,
    log: createLogger({ sink: () => undefined }),
  });
  return { store, raised, probed, activities, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe("lease activities", () => {
  it("stores the lease under a key that survives odd target and bundle names", () => {
    expect(leaseStorageKey({ repository: "acme/ml", target: "a/b", bundle: "c d" })).toBe(
      "acme%2Fml/a%2Fb/c%20d",
    );
  });

  it("queue, coalesce and hand over, raising the events the waiting orchestrations listen for", async () => {
    const { activities, raised, store } = setup();
    expect((await activities.enqueueDeploy({ key, ticket: ticket(1) })).kind).toBe("acquired");
    expect((await activities.enqueueDeploy({ key, ticket: ticket(2) })).kind).toBe("queued");
    expect((await activities.enqueueDeploy({ key, ticket: ticket(3) })).kind).toBe("queued");
    expect(await activities.releaseDeployLease({ key, instanceId: "gh-1" })).toEqual({ released: true });
    expect(raised).toEqual([
      { instanceId: "gh-2", name: "DeployLease:staging:churn", grant: "superseded" },
      { instanceId: "gh-3", name: "DeployLease:staging:churn", grant: "granted" },
    ]);
    expect(store.only()?.holder?.instanceId).toBe("gh-3");
  });

  it("takes over from a terminated holder at once, asking the durable store only then", async () => {
    const { activities, probed } = setup((id) => id !== "gh-1");
    await activities.enqueueDeploy({ key, ticket: ticket(1) });
    expect(probed).toEqual([]);
    expect((await activities.enqueueDeploy({ key, ticket: ticket(2) })).kind).toBe("acquired");
    expect(probed).toEqual(["gh-1"]);
  });

  it("takes over from a holder whose TTL ran out without asking", async () => {
    const { activities, probed, advance } = setup();
    await activities.enqueueDeploy({ key, ticket: ticket(1) });
    advance(61_000);
    expect((await activities.enqueueDeploy({ key, ticket: ticket(2) })).kind).toBe("acquired");
    expect(probed).toEqual([]);
  });

  it("renewing keeps a slow holder's lease alive past the first TTL", async () => {
    const { activities, advance } = setup();
    await activities.enqueueDeploy({ key, ticket: ticket(1) });
    advance(50_000);
    expect(await activities.renewDeployLease({ key, instanceId: "gh-1" })).toEqual({
      renewed: true,
      newerWaiting: false,
    });
    advance(50_000);
    expect((await activities.enqueueDeploy({ key, ticket: ticket(2) })).kind).toBe("queued");
  });

  it("re-reads and retries when another writer got there first", async () => {
    const { activities, store } = setup();
    store.conflicts = 3;
    expect((await activities.enqueueDeploy({ key, ticket: ticket(1) })).kind).toBe("acquired");
    expect(store.writes).toBe(4);
  });

  it("gives up with a retryable error under endless contention", async () => {
    const { activities, store } = setup();
    store.conflicts = MAX_CAS_ROUNDS;
    await expect(activities.enqueueDeploy({ key, ticket: ticket(1) })).rejects.toMatchObject({
      code: "LEASE_CONTENDED",
      retryable: true,
    });
  });

  it("a lost event is only logged: the waiting side polls", async () => {
    const { store } = setup();
    const failing = createLeaseActivities({
      store,
      isRunning: () => Promise.resolve(true),
      raiseEvent: () => Promise.reject(new Error("instance gone")),
      now: () => new Date("2026-01-01T00:10:00.000Z"),
      ttlMs: 60_000,
      log: createLogger({ sink: () => undefined }),
    });
    await failing.enqueueDeploy({ key, ticket: ticket(1) });
    await failing.enqueueDeploy({ key, ticket: ticket(2) });
    await expect(failing.releaseDeployLease({ key, instanceId: "gh-1" })).resolves.toEqual({
      released: true,
    });
  });
});
