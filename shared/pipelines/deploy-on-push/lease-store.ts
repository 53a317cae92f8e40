import { UpstreamError } from "../../errors/taxonomy.js";
import { EMPTY_LEASE, type LeaseNotice, type LeaseRecord, type Transition } from "./lease.js";

/** A lease record with the version its store will check on write (an ETag for blobs). */
export interface VersionedLease {
  readonly record: LeaseRecord;
  /** null: no record stored yet. */
  readonly version: string | null;
}

/**
 * Durable storage of lease records with optimistic concurrency (ADR 0017). Declared here, by its user;
 * the storage-backed implementation is built in the composition root.
 */
export interface LeaseStore {
  read(key: string): Promise<VersionedLease>;
  /** Stores `record` if the stored version is still `version` (null: only if none exists); false on a conflict. */
  write(key: string, record: LeaseRecord, version: string | null): Promise<boolean>;
}

/** Concurrent writers on one key are a handful of deliveries at most; this many rounds always settles them. */
export const MAX_CAS_ROUNDS = 20;

/**
 * Read → apply → conditional write, repeated while another writer got there first. `apply` may be
 * async (it can look up the holder's state) and must be pure apart from that, since it may run again.
 */
export async function updateLease<O>(
  store: LeaseStore,
  key: string,
  apply: (record: LeaseRecord) => Transition<O> | Promise<Transition<O>>,
): Promise<{ outcome: O; notices: readonly LeaseNotice[] }> {
  for (let round = 0; round < MAX_CAS_ROUNDS; round++) {
    const { record, version } = await store.read(key);
    const next = await apply(version === null ? EMPTY_LEASE : record);
    if (JSON.stringify(next.record) === JSON.stringify(record) && version !== null) return next;
    if (await store.write(key, next.record, version)) return next;
  }
  // Retryable: the activity's retry policy tries again after a pause.
  throw new UpstreamError("Lease record kept changing; giving up for now", { code: "LEASE_CONTENDED" });
}
