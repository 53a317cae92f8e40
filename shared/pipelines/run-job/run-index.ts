import type { LakeFiles } from "../../lake/store.js";

/** Which runJob instance watches a Databricks run: what a completion callback needs to wake it (ADR 0021). */
export interface RunIndexEntry {
  readonly runId: string;
  /** The bundle target whose workspace the run lives in; callbacks confirm with runs/get there. */
  readonly target: string;
  readonly jobId: string;
  readonly instanceId: string;
}

export interface RunIndex {
  /** Safe to repeat: a retried SubmitJobRun appends the same entry again, and lookups collapse it. */
  record(entry: RunIndexEntry): Promise<void>;
  /** Every distinct watcher recorded for the run id (run ids of two workspaces may collide). */
  lookup(runId: string): Promise<RunIndexEntry[]>;
}

const RUN_ID = /^[0-9]{1,20}$/;

/** `_orchestrator/run-index/<runId>.jsonl` in the orchestrator's lake; run ids are digits only. */
export function runIndexPath(runId: string): string {
  if (!RUN_ID.test(runId)) throw new Error(`not a Databricks run id: ${JSON.stringify(runId)}`);
  return `_orchestrator/run-index/${runId}.jsonl`;
}

function parseLine(line: string): RunIndexEntry | undefined {
  try {
    const v = JSON.parse(line) as Partial<Record<keyof RunIndexEntry, unknown>>;
    const { runId, target, jobId, instanceId } = v;
    if (typeof runId === "string" && typeof target === "string" && typeof jobId === "string")
      if (typeof instanceId === "string") return { runId, target, jobId, instanceId };
  } catch {
    // A torn or foreign line is skipped: the next appended copy or polling still covers the run.
  }
  return undefined;
}

/**
 * The run index as append-only JSON lines, one file per run id. Appends never lose a concurrent
 * writer's line (LakeFiles.append), so no read-modify-write is needed.
 */
export function createRunIndex(files: LakeFiles): RunIndex {
  return {
    async record(entry) {
      const { runId, target, jobId, instanceId } = entry;
      await files.append(runIndexPath(runId), JSON.stringify({ runId, target, jobId, instanceId }) + "\n");
    },
    async lookup(runId) {
      if (!RUN_ID.test(runId)) return [];
      const text = await files.read(runIndexPath(runId));
      const seen = new Map<string, RunIndexEntry>();
      for (const line of (text ?? "").split("\n")) {
        const entry = line.trim() === "" ? undefined : parseLine(line);
        if (entry?.runId === runId) seen.set(`${entry.target}\u0000${entry.instanceId}`, entry);
      }
      return [...seen.values()];
    },
  };
}
