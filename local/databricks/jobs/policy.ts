import type { TaskRunDoc } from "./model.js";

/** Pure decisions of the scheduler: run_if, a run's final result, which tasks a repair reruns. */

const ok = (r: string | undefined): boolean =>
  r === "SUCCESS" || r === "EXCLUDED" || r === "SUCCESS_WITH_FAILURES";
const canceled = (r: string | undefined): boolean => r === "CANCELED" || r === "UPSTREAM_CANCELED";
const failed = (r: string | undefined): boolean => !ok(r) && !canceled(r);

/** "run", or the result state a task gets without running (UPSTREAM_FAILED / UPSTREAM_CANCELED / EXCLUDED). */
export function runIfDecision(runIf: string | undefined, upstream: (string | undefined)[]): string {
  if (upstream.length === 0) return "run";
  switch (runIf ?? "ALL_SUCCESS") {
    case "ALL_DONE":
      return "run";
    case "AT_LEAST_ONE_SUCCESS":
      return upstream.some(ok) ? "run" : "UPSTREAM_FAILED";
    case "NONE_FAILED":
      return upstream.some(failed) ? "UPSTREAM_FAILED" : "run";
    case "AT_LEAST_ONE_FAILED":
      return upstream.some(failed) ? "run" : "EXCLUDED";
    case "ALL_FAILED":
      return upstream.every(failed) ? "run" : "EXCLUDED";
    default:
      if (upstream.every(ok)) return "run";
      return upstream.some(canceled) && !upstream.some(failed) ? "UPSTREAM_CANCELED" : "UPSTREAM_FAILED";
  }
}

/** A finished run's result: SUCCESS, SUCCESS_WITH_FAILURES (all leaves succeeded), or FAILED. */
export function runResult(tasks: TaskRunDoc[]): string {
  if (tasks.every((t) => ok(t.result))) return "SUCCESS";
  const upstreamKeys = new Set(tasks.flatMap((t) => (t.settings.depends_on ?? []).map((d) => d.task_key)));
  const leaves = tasks.filter((t) => !upstreamKeys.has(t.task_key));
  if (leaves.length > 0 && leaves.every((t) => ok(t.result))) return "SUCCESS_WITH_FAILURES";
  if (tasks.some((t) => t.result === "TIMEDOUT") && !tasks.some((t) => t.result === "FAILED"))
    return "TIMEDOUT";
  return "FAILED";
}

/** The message Databricks puts in state_message for a failed run. */
export function failureMessage(tasks: TaskRunDoc[]): string {
  const first = tasks.find((t) => failed(t.result) && !t.result?.startsWith("UPSTREAM"));
  return first ? `Task ${first.task_key} failed with message: ${first.message}` : "";
}

/** Task keys a repair reruns: the named ones or all unsuccessful ones, plus dependents if asked. */
export function rerunSelection(
  tasks: TaskRunDoc[],
  named: string[] | undefined,
  allFailed: boolean,
  dependents: boolean,
): Set<string> {
  const selected = new Set<string>(named ?? []);
  if (allFailed) for (const t of tasks) if (!ok(t.result)) selected.add(t.task_key);
  if (!dependents) return selected;
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of tasks) {
      if (!selected.has(t.task_key) && (t.settings.depends_on ?? []).some((d) => selected.has(d.task_key))) {
        selected.add(t.task_key);
        grew = true;
      }
    }
  }
  return selected;
}
