import { encodeRecord, ledgerPath, parseLedger, type LedgerRecord } from "./ledger.js";

/**
 * The two lake operations the ledger needs. Declared here because the lake storage of issue #7 has no
 * interface yet; an append blob (Blob API, Azurite) or a DFS append + flush (ADLS Gen2) satisfies it.
 * `append` must create the file when missing and add the text atomically at the end.
 */
export interface AppendStore {
  /** The whole file, or null when it does not exist. */
  read(path: string): Promise<string | null>;
  append(path: string, text: string): Promise<void>;
}

/** The ledger over an {@link AppendStore}. */
export interface Ledger {
  read(model: string): Promise<LedgerRecord[]>;
  /** Appends unless a record with the same id exists: activities run at least once. */
  appendOnce(record: LedgerRecord): Promise<{ appended: boolean }>;
}

export function createLedger(store: AppendStore): Ledger {
  const read = async (model: string) => parseLedger((await store.read(ledgerPath(model))) ?? "");
  return {
    read,
    async appendOnce(record) {
      // Check-then-append is safe here: only the orchestration owning `record.id` appends it, and
      // its activity attempts run one after another.
      const existing = await read(record.model);
      if (existing.some((r) => r.id === record.id)) return { appended: false };
      await store.append(ledgerPath(record.model), encodeRecord(record));
      return { appended: true };
    },
  };
}
