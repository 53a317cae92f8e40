import { BlobServiceClient } from "@azure/storage-blob";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBlobLeaseStore } from "../../../shared/pipelines/deploy-on-push/blob-lease-store.js";
import { createLeaseActivities } from "../../../shared/pipelines/deploy-on-push/lease.activities.js";
import { EMPTY_LEASE, type LeaseRecord } from "../../../shared/pipelines/deploy-on-push/lease.js";
import { createLogger } from "../../../shared/runtime/logger.js";
import { startAzurite } from "./azurite.js";

/** The Blob lease store against a real Azurite: ETag conditions decide between concurrent writers. */
let azurite: Awaited<ReturnType<typeof startAzurite>>;
beforeAll(async () => {
  azurite = await startAzurite();
}, 60_000);
afterAll(async () => {
  await azurite?.stop();
});

const container = (name: string) =>
  BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(name);
const record = (id: string): LeaseRecord => ({
  holder: {
    instanceId: id,
    sha: "a".repeat(40),
    receivedAt: "2026-01-01T00:00:00.000Z",
    expiresAt: "2026-01-01T00:30:00.000Z",
  },
  waiting: null,
  newest: null,
});

describe("createBlobLeaseStore on Azurite", () => {
  it("reads a missing record as empty, creates it once, then writes only with the current ETag", async () => {
    const store = createBlobLeaseStore(container("leases-a"));
    expect(await store.read("42/staging/churn")).toEqual({ record: EMPTY_LEASE, version: null });
    expect(await store.write("42/staging/churn", record("gh-1"), null)).toBe(true);
    expect(await store.write("42/staging/churn", record("gh-2"), null)).toBe(false);
    const read = await store.read("42/staging/churn");
    expect(read.record).toEqual(record("gh-1"));
    expect(await store.write("42/staging/churn", record("gh-3"), read.version)).toBe(true);
    expect(await store.write("42/staging/churn", record("gh-4"), read.version)).toBe(false);
    expect((await store.read("42/staging/churn")).record.holder?.instanceId).toBe("gh-3");
  });

  it("grants the lease to exactly one of many concurrent requests", async () => {
    const store = createBlobLeaseStore(container("leases-b"));
    const activities = createLeaseActivities({
      store,
      isRunning: () => Promise.resolve(true),
      raiseEvent: () => Promise.resolve(),
      now: () => new Date("2026-01-01T00:00:00.000Z"),
      ttlMs: 60_000,
      log: createLogger({ sink: () => undefined }),
    });
    const key = { repository: "acme/ml", target: "staging", bundle: "churn" };
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        activities.enqueueDeploy({
          key,
          ticket: {
            instanceId: `gh-${i}`,
            sha: String(i).repeat(40),
            receivedAt: `2026-01-01T00:00:0${i}.000Z`,
          },
        }),
      ),
    );
    expect(outcomes.filter((o) => o.kind === "acquired")).toHaveLength(1);
    const stored = (await store.read("acme%2Fml/staging/churn")).record;
    // The newest request (gh-7) either holds the lease, or it is the one left waiting: never an older one.
    const holder = stored.holder?.instanceId;
    expect(holder).toBeDefined();
    expect(stored.waiting?.instanceId ?? null).toBe(holder === "gh-7" ? null : "gh-7");
  });
});
