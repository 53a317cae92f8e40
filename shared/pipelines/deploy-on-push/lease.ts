/**
 * The per-(bundle, target) deploy lease as a pure state machine over one JSON record (ADR 0017). One
 * holder deploys; at most one request waits, and it is always the newest, so queued requests coalesce
 * and an older commit never deploys after a newer one. Activities read the record, apply one of these
 * functions and write it back with optimistic concurrency; the returned notices are then raised as
 * external events on the orchestrations concerned.
 */

/** One request for the lease: an orchestration deploying a commit it received at `receivedAt`. */
export interface Ticket {
  readonly instanceId: string;
  readonly sha: string;
  readonly receivedAt: string;
}

export interface Holder extends Ticket {
  readonly expiresAt: string;
}

export interface LeaseRecord {
  readonly holder: Holder | null;
  readonly waiting: Ticket | null;
  /** The newest ticket that ever held the lease: anything older is superseded on arrival. */
  readonly newest: Ticket | null;
}

export const EMPTY_LEASE: LeaseRecord = Object.freeze({ holder: null, waiting: null, newest: null });

/** An external event to raise on another orchestration after the record is written. */
export interface LeaseNotice {
  readonly instanceId: string;
  readonly grant: "granted" | "superseded";
}

export type EnqueueOutcome =
  | { readonly kind: "acquired"; readonly expiresAt: string }
  | { readonly kind: "queued"; readonly holder: string; readonly holderExpiresAt: string }
  | { readonly kind: "superseded"; readonly by: Ticket };

export interface Transition<O> {
  readonly record: LeaseRecord;
  readonly outcome: O;
  readonly notices: readonly LeaseNotice[];
}

/** Whether `a` was received after `b`; the instance id breaks ties so the order is total. */
export function isNewer(a: Ticket, b: Ticket): boolean {
  return a.receivedAt === b.receivedAt ? a.instanceId > b.instanceId : a.receivedAt > b.receivedAt;
}

const expiry = (now: Date, ttlMs: number) => new Date(now.getTime() + ttlMs).toISOString();

/** Whether the holder no longer counts: its TTL ran out, or its orchestration is not running any more. */
export function isStale(holder: Holder, now: Date, holderRunning: boolean): boolean {
  return !holderRunning || Date.parse(holder.expiresAt) <= now.getTime();
}

/**
 * Asks for the lease, or checks again on a request already queued (idempotent: activities run at least
 * once, and a waiting orchestration re-asks after every event or poll timer).
 */
export function enqueue(
  record: LeaseRecord,
  ticket: Ticket,
  now: Date,
  ttlMs: number,
  holderRunning: boolean,
): Transition<EnqueueOutcome> {
  const notices: LeaseNotice[] = [];
  if (record.holder?.instanceId === ticket.instanceId) {
    return { record, outcome: { kind: "acquired", expiresAt: record.holder.expiresAt }, notices };
  }
  const holder = record.holder !== null && !isStale(record.holder, now, holderRunning) ? record.holder : null;
  const others = [record.newest, record.waiting].filter(
    (t): t is Ticket => t !== null && t.instanceId !== ticket.instanceId,
  );
  const newer = others.find((t) => isNewer(t, ticket));
  if (newer !== undefined) {
    const waiting = record.waiting?.instanceId === ticket.instanceId ? null : record.waiting;
    return { record: { ...record, holder, waiting }, outcome: { kind: "superseded", by: newer }, notices };
  }
  // From here the ticket is the newest request; an older waiting one is displaced.
  const displaced =
    record.waiting !== null && record.waiting.instanceId !== ticket.instanceId ? record.waiting : null;
  if (displaced !== null) notices.push({ instanceId: displaced.instanceId, grant: "superseded" });
  if (holder === null) {
    const mine: Holder = { ...ticket, expiresAt: expiry(now, ttlMs) };
    return {
      record: { holder: mine, waiting: null, newest: ticket },
      outcome: { kind: "acquired", expiresAt: mine.expiresAt },
      notices,
    };
  }
  return {
    record: { ...record, holder, waiting: ticket },
    outcome: { kind: "queued", holder: holder.instanceId, holderExpiresAt: holder.expiresAt },
    notices,
  };
}

/**
 * Extends the holder's TTL; `renewed: false` means the lease was lost (expired and taken over).
 * `newerWaiting` tells the holder that a newer request queued behind it (the waiting ticket is always
 * newer than the holder), so a push that has not started deploying yet can step aside for it.
 */
export function renew(
  record: LeaseRecord,
  instanceId: string,
  now: Date,
  ttlMs: number,
): Transition<{ renewed: boolean; expiresAt?: string; newerWaiting?: boolean }> {
  if (record.holder?.instanceId !== instanceId) return { record, outcome: { renewed: false }, notices: [] };
  const holder = { ...record.holder, expiresAt: expiry(now, ttlMs) };
  return {
    record: { ...record, holder },
    outcome: { renewed: true, expiresAt: holder.expiresAt, newerWaiting: record.waiting !== null },
    notices: [],
  };
}

/**
 * Gives the lease up and hands it straight to the waiting request, if any. Releasing a lease one no
 * longer holds changes nothing, so a retried or late release is harmless.
 */
export function release(
  record: LeaseRecord,
  instanceId: string,
  now: Date,
  ttlMs: number,
): Transition<{ released: boolean }> {
  if (record.holder?.instanceId !== instanceId) return { record, outcome: { released: false }, notices: [] };
  const next = record.waiting;
  if (next === null) return { record: { ...record, holder: null }, outcome: { released: true }, notices: [] };
  return {
    record: { holder: { ...next, expiresAt: expiry(now, ttlMs) }, waiting: null, newest: next },
    outcome: { released: true },
    notices: [{ instanceId: next.instanceId, grant: "granted" }],
  };
}
