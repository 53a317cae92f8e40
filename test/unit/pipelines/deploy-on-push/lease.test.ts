import { describe, expect, it } from "vitest";
import {
  EMPTY_LEASE,
  enqueue,
  release,
  renew,
  type LeaseRecord,
  type Ticket,
} from "../../../../shared/pipelines/deploy-on-push/lease.js";

const TTL = 30 * 60_000;
const t0 = new Date("2026-01-01T00:00:00.000Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const ticket = (n: number): Ticket => ({
  instanceId: `gh-${n}`,
  sha: String(n).repeat(40).slice(0, 40),
  receivedAt: at(n).toISOString(),
});
const A = ticket(1);
const B = ticket(2);
const C = ticket(3);

/** Applies enqueues in order, each seeing the holder as running. */
function queue(...tickets: Ticket[]): LeaseRecord {
  return tickets.reduce((r, t) => enqueue(r, t, at(5), TTL, true).record, EMPTY_LEASE);
}

describe("deploy lease", () => {
  it("grants a free lease with a TTL and records the holder as the newest", () => {
    const { record, outcome } = enqueue(EMPTY_LEASE, A, t0, TTL, true);
    expect(outcome).toEqual({ kind: "acquired", expiresAt: at(30).toISOString() });
    expect(record).toMatchObject({ holder: { instanceId: "gh-1" }, waiting: null, newest: A });
  });

  it("is idempotent for the holder and for a waiting request", () => {
    const held = queue(A, B);
    expect(enqueue(held, A, at(6), TTL, true).outcome.kind).toBe("acquired");
    const again = enqueue(held, B, at(6), TTL, true);
    expect(again.outcome).toMatchObject({ kind: "queued", holder: "gh-1" });
    expect(again.notices).toEqual([]);
  });

  it("coalesces: a newer request displaces the waiting one, which is told it is superseded", () => {
    const withB = queue(A, B);
    const { record, outcome, notices } = enqueue(withB, C, at(6), TTL, true);
    expect(outcome.kind).toBe("queued");
    expect(record.waiting).toEqual(C);
    expect(notices).toEqual([{ instanceId: "gh-2", grant: "superseded" }]);
    expect(enqueue(record, B, at(7), TTL, true).outcome).toEqual({ kind: "superseded", by: C });
  });

  it("never queues an older commit behind a newer one, nor after a newer one ran", () => {
    expect(enqueue(queue(A, C), B, at(6), TTL, true).outcome).toEqual({ kind: "superseded", by: C });
    const ranC = release(queue(C), "gh-3", at(6), TTL).record;
    expect(enqueue(ranC, B, at(7), TTL, true).outcome).toEqual({ kind: "superseded", by: C });
  });

  it("hands the lease to the waiting request on release and notifies it", () => {
    const { record, outcome, notices } = release(queue(A, B), "gh-1", at(10), TTL);
    expect(outcome).toEqual({ released: true });
    expect(record).toMatchObject({
      holder: { instanceId: "gh-2", expiresAt: at(40).toISOString() },
      waiting: null,
      newest: B,
    });
    expect(notices).toEqual([{ instanceId: "gh-2", grant: "granted" }]);
    expect(enqueue(record, B, at(11), TTL, true).outcome.kind).toBe("acquired");
  });

  it("ignores a release by an instance that does not hold the lease", () => {
    const record = queue(A, B);
    expect(release(record, "gh-2", at(10), TTL)).toEqual({
      record,
      outcome: { released: false },
      notices: [],
    });
  });

  it("frees the lease of a holder past its TTL (a crashed worker)", () => {
    const held = queue(A);
    expect(enqueue(held, B, at(34), TTL, true).outcome.kind).toBe("queued"); // held since minute 5
    expect(enqueue(held, B, at(35), TTL, true).outcome.kind).toBe("acquired");
  });

  it("frees the lease of a holder that is no longer running (terminated), TTL or not", () => {
    expect(enqueue(queue(A), B, at(6), TTL, false).outcome.kind).toBe("acquired");
  });

  it("renews only for the holder", () => {
    const held = queue(A);
    expect(renew(held, "gh-1", at(20), TTL).outcome).toEqual({
      renewed: true,
      expiresAt: at(50).toISOString(),
      newerWaiting: false,
    });
    expect(renew(held, "gh-2", at(20), TTL).outcome).toEqual({ renewed: false });
  });

  it("orders requests received at the same instant by instance id", () => {
    const same = { ...B, receivedAt: A.receivedAt };
    expect(enqueue(queue(A), same, at(6), TTL, true).outcome.kind).toBe("queued");
    expect(enqueue(queue(same), A, at(6), TTL, true).outcome).toMatchObject({ kind: "superseded" });
  });
});
