import type { LeaseRecord } from "../../../../shared/pipelines/deploy-on-push/lease.js";
import type { LeaseStore, VersionedLease } from "../../../../shared/pipelines/deploy-on-push/lease-store.js";
import { EMPTY_LEASE } from "../../../../shared/pipelines/deploy-on-push/lease.js";

/** A LeaseStore in memory with ETag-like versions, for tests only. `conflicts` fails that many writes. */
export class MemoryLeaseStore implements LeaseStore {
  readonly records = new Map<string, { record: LeaseRecord; version: string }>();
  conflicts = 0;
  writes = 0;
  private counter = 0;

  read(key: string): Promise<VersionedLease> {
    const found = this.records.get(key);
    return Promise.resolve(
      found === undefined ? { record: EMPTY_LEASE, version: null } : structuredClone(found),
    );
  }

  write(key: string, record: LeaseRecord, version: string | null): Promise<boolean> {
    this.writes++;
    const current = this.records.get(key)?.version ?? null;
    if (this.conflicts > 0) {
      this.conflicts--;
      // Someone else wrote in between: bump the version so the caller must re-read.
      const stored = this.records.get(key);
      this.records.set(key, { record: stored?.record ?? EMPTY_LEASE, version: `v${++this.counter}` });
      return Promise.resolve(false);
    }
    if (current !== version) return Promise.resolve(false);
    this.records.set(key, { record: structuredClone(record), version: `v${++this.counter}` });
    return Promise.resolve(true);
  }

  /** The only record, for assertions. */
  only(): LeaseRecord | undefined {
    return [...this.records.values()][0]?.record;
  }
}
