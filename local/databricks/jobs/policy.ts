import { latestAttempts, latestOf } from "./attempts.js";
import { type TaskRunDoc, terminal } from "./model.js";

/**
 * Pure decisions of the scheduler: run_if, a run's final result, which tasks a repair reruns. Runs hold
 * every attempt of a task; these read the newest attempt of each.
 */

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

/** One dependency as the downstream task sees it: the upstream result and the outcome it asks for. */
export interface Upstream {
  result: string | undefined;
  /** The `outcome` a depends_on entry names (condition tasks only). */
  wanted?: string | undefined;
  /** The upstream condition task's outcome, once evaluated. */
  outcome?: string | undefined;
}

/**
 * run_if over dependencies that may name a condition outcome. A dependency whose condition took the other
 * branch counts as EXCLUDED; when no dependency is left, the task is EXCLUDED too, so a branch that was
 * not taken stays skipped all the way down.
 */
export function dependencyDecision(runIf: string | undefined, upstream: Upstream[]): string {
  const effective = upstream.map((u) =>
    u.wanted !== undefined && ok(u.result) && u.outcome !== u.wanted ? "EXCLUDED" : u.result,
  );
  if (effective.length > 0 && effective.every((r) => r === "EXCLUDED")) return "EXCLUDED";
  return runIfDecision(runIf, effective);
}

/** What to do with a waiting task now: leave it BLOCKED, "run" it, or settle it with a result state. */
export function taskDecision(all: TaskRunDoc[], task: TaskRunDoc): string {
  const deps = task.settings.depends_on ?? [];
  const upstream = deps.map((d) => latestOf(all, d.task_key));
  if (upstream.some((t) => t !== undefined && !terminal(t.life))) return "BLOCKED";
  return dependencyDecision(
    task.settings.run_if,
    deps.map((d, i) => ({ result: upstream[i]?.result, wanted: d.outcome, outcome: upstream[i]?.outcome })),
  );
}

/** A finished run's result: SUCCESS, SUCCESS_WITH_FAILURES (all leaves succeeded), or FAILED. */
export function runResult(all: TaskRunDoc[]): string {
  const tasks = latestAttempts(all);
  if (tasks.every((t) => ok(t.result))) return "SUCCESS";
  const upstreamKeys = new Set(tasks.flatMap((t) => (t.settings.depends_on ?? []).map((d) => d.task_key)));
  const leaves = tasks.filter((t) => !upstreamKeys.has(t.task_key));
  if (leaves.length > 0 && leaves.every((t) => ok(t.result))) return "SUCCESS_WITH_FAILURES";
  if (tasks.some((t) => t.result === "TIMEDOUT") && !tasks.some((t) => t.result === "FAILED"))
    return "TIMEDOUT";
  return "FAILED";
}

/** state_message of a task that did not run. */
export const skipMessage = (result: string): string =>
  result === "EXCLUDED" ? "Its condition was not met." : "Upstream task(s) did not succeed.";

/** A finished run's result state and state_message. */
export function finalState(tasks: TaskRunDoc[]): { result: string; message: string } {
  const result = runResult(tasks);
  return { result, message: result === "SUCCESS" ? "" : failureMessage(tasks) };
}

/** The message Databricks puts in state_message for a failed run. */
export function failureMessage(all: TaskRunDoc[]): string {
  const first = latestAttempts(all).find((t) => failed(t.result) && !t.result?.startsWith("UPSTREAM"));
  return first ? `Task ${first.task_key} failed with message: ${first.message}` : "";
}

/** Task keys a repair reruns: the named ones or all unsuccessful ones, plus dependents if asked. */
export function rerunSelection(
  all: TaskRunDoc[],
  named: string[] | undefined,
  allFailed: boolean,
  dependents: boolean,
): Set<string> {
  const tasks = latestAttempts(all);
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
