import type { Person } from "./promotion.contracts.js";

/**
 * One line of a model's audit ledger (`_orchestrator/ledger/<model>.jsonl`): the promotion history
 * MLflow does not keep (mlflow/mlflow#2169). Append-only; `id` makes appends idempotent.
 */
export interface LedgerRecord {
  /** Unique per promotion or rollback: a retried append finds it and appends nothing. */
  readonly id: string;
  readonly kind: "promotion" | "rollback";
  readonly outcome: "promoted" | "rejected" | "timed_out" | "canceled" | "refused" | "failed" | "rolled_back";
  readonly model: string;
  readonly bundle: string | null;
  readonly from: string | null;
  readonly target: string;
  readonly requester: Person;
  readonly approver: Person | null;
  readonly requestedAt: string;
  readonly decidedAt: string | null;
  readonly finishedAt: string;
  /** Champion before and after; equal when nothing changed (or compensation restored it). */
  readonly versionBefore: string | null;
  readonly versionAfter: string | null;
  readonly commit: string | null;
  /**
   * The promoted version in the `from` target's model when that differs from `model` (a copy was made
   * into `model`, whose number is `versionAfter`). Absent on records written before copies existed.
   */
  readonly sourceModel?: string | null;
  readonly sourceVersion?: string | null;
  readonly reason: string;
  readonly comment: string | null;
  /** Instance that wrote it, for finding the orchestration history. */
  readonly instanceId: string;
}

/** Where a model's ledger lives in the lake; the model name is a path segment, so it is checked. */
export function ledgerPath(model: string): string {
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+){0,2}$/.test(model)) {
    throw new TypeError(`Not a model name: "${model}"`);
  }
  return `_orchestrator/ledger/${model}.jsonl`;
}

/** One JSON line; JSON.stringify escapes newlines inside strings, so a record is always one line. */
export function encodeRecord(record: LedgerRecord): string {
  return `${JSON.stringify(record)}\n`;
}

/**
 * Parses a ledger file. A torn last line (a crash mid-append on a store without atomic appends)
 * is skipped rather than failing the whole audit trail.
 */
export function parseLedger(text: string): LedgerRecord[] {
  const records: LedgerRecord[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const value = JSON.parse(line) as Partial<LedgerRecord>;
      if (typeof value.id === "string" && typeof value.target === "string")
        records.push(value as LedgerRecord);
    } catch {
      continue;
    }
  }
  return records;
}

/** Records that changed the champion of `target`, oldest first. */
function championChanges(records: readonly LedgerRecord[], target: string): LedgerRecord[] {
  return records.filter(
    (r) => r.target === target && (r.outcome === "promoted" || r.outcome === "rolled_back"),
  );
}

/** The commit of the last successful promotion to `target`, redeployed when a later one compensates. */
export function lastPromotedCommit(records: readonly LedgerRecord[], target: string): string | null {
  const last = championChanges(records, target).at(-1);
  return last?.commit ?? null;
}

/** What a rollback would do: flip champion from `from` back to `to`, or why it cannot. */
export type RollbackPlan =
  | { readonly kind: "flip"; readonly from: string; readonly to: string; readonly commit: string | null }
  | { readonly kind: "impossible"; readonly reason: string };

/**
 * Finds the version that held champion before the current one. The last champion change must have
 * put the current champion there; otherwise someone moved the alias outside this orchestrator and
 * a rollback would guess, so it refuses.
 */
export function planRollback(
  records: readonly LedgerRecord[],
  target: string,
  currentChampion: string | null,
): RollbackPlan {
  const last = championChanges(records, target).at(-1);
  if (last === undefined) return { kind: "impossible", reason: `no promotion to ${target} in the ledger` };
  if (currentChampion === null) return { kind: "impossible", reason: "the model has no champion" };
  if (last.versionAfter !== currentChampion) {
    return {
      kind: "impossible",
      reason: `champion is version ${currentChampion} but the ledger's last change set ${String(last.versionAfter)}`,
    };
  }
  if (last.versionBefore === null || last.versionBefore === currentChampion) {
    return { kind: "impossible", reason: `no earlier champion recorded before version ${currentChampion}` };
  }
  const earlier = championChanges(records, target)
    .filter((r) => r.versionAfter === last.versionBefore)
    .at(-1);
  return { kind: "flip", from: currentChampion, to: last.versionBefore, commit: earlier?.commit ?? null };
}
