import { lakePathProblem } from "../../lake/lake-path.js";
import type { Batch, PartitionKey } from "../landing/debounce.js";

/** How many bad paths a message names; the rest are counted (the status stays readable). */
const NAMED = 3;

/**
 * Why a landed batch must not be trained on, or undefined when it is fine. Landing refuses unsafe paths
 * already; this is the pipeline's own guard because its paths become the train job's `input_paths`
 * (comma-separated abfss URLs, read literally by the job) and lineage records: a path outside the
 * partition, with traversal or invisible characters, or with a comma (it would split into two paths) is
 * refused with a clear `failed` outcome before anything runs (issue #7, "Bad input").
 */
export function batchProblem(key: PartitionKey, batch: Batch): string | undefined {
  if (batch.files.length === 0) return `the batch of ${key.partition} has no files`;
  const prefix = `${key.partition}/`;
  const bad = batch.files.flatMap((f) => {
    const problem =
      lakePathProblem(f.path) ??
      (f.path.includes(",") ? "path contains a comma" : undefined) ??
      (f.path.startsWith(prefix) ? undefined : "path is outside the partition");
    return problem === undefined ? [] : [`${JSON.stringify(f.path.slice(0, 200))}: ${problem}`];
  });
  if (bad.length === 0) return undefined;
  const more = bad.length > NAMED ? ` and ${bad.length - NAMED} more` : "";
  return `refusing to train on unsafe paths: ${bad.slice(0, NAMED).join("; ")}${more}`;
}
