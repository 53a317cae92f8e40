import { latestAttempts } from "./attempts.js";
import { type TaskRunDoc, type TaskSettings, terminal } from "./model.js";

/**
 * for_each_task (Jobs API ForEachTask): `inputs` is a JSON array, or a reference that resolves to one; the
 * nested `task` runs once per element, at most `concurrency` at a time, with `{{input}}` (and
 * `{{input.<key>}}` for object elements) replaced by the element.
 */

/** The elements of resolved `inputs`, or an Error whose message becomes the task's error. */
export function parseInputs(text: string): unknown[] | Error {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return new Error(`for_each_task inputs must be a JSON array; got '${text.slice(0, 200)}'.`);
  }
  return Array.isArray(parsed)
    ? parsed
    : new Error(`for_each_task inputs must be a JSON array; got '${text.slice(0, 200)}'.`);
}

/** The nested task's settings for one element (other references stay for the iteration's own start). */
export function withInput(settings: TaskSettings, input: unknown): TaskSettings {
  return replaceDeep(settings, input) as TaskSettings;
}

function replaceDeep(value: unknown, input: unknown): unknown {
  if (typeof value === "string")
    return value.replace(/\{\{\s*input(?:\.([^{}\s]+))?\s*\}\}/g, (whole, key: string | undefined) => {
      const picked = key === undefined ? input : pick(input, key);
      if (picked === undefined) return whole;
      return typeof picked === "string" ? picked : JSON.stringify(picked);
    });
  if (Array.isArray(value)) return value.map((v) => replaceDeep(v, input));
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceDeep(v, input)]));
  return value;
}

function pick(input: unknown, key: string): unknown {
  return typeof input === "object" && input !== null && !Array.isArray(input)
    ? (input as Record<string, unknown>)[key]
    : undefined;
}

const succeeded = (t: TaskRunDoc): boolean => t.result === "SUCCESS";

/** ForEachStats.task_run_stats, over the newest attempt of each input. */
export function iterationStats(iterations: TaskRunDoc[]): Record<string, number> {
  const latest = latestAttempts(iterations);
  const done = latest.filter((t) => terminal(t.life));
  return {
    total_iterations: latest.length,
    scheduled_iterations: latest.filter((t) => t.start_time > 0 || t.life !== "PENDING").length,
    active_iterations: latest.filter((t) => !terminal(t.life) && t.life !== "PENDING").length,
    completed_iterations: done.length,
    succeeded_iterations: done.filter(succeeded).length,
    failed_iterations: done.filter((t) => !succeeded(t)).length,
  };
}

/** The for_each task's own result once every input's newest attempt ended; undefined while some run. */
export function forEachResult(iterations: TaskRunDoc[]): { result: string; message: string } | undefined {
  const latest = latestAttempts(iterations);
  if (!latest.every((t) => terminal(t.life))) return undefined;
  const failed = latest.filter((t) => !succeeded(t));
  if (failed.length === 0) return { result: "SUCCESS", message: "" };
  const canceled = failed.every((t) => t.result === "CANCELED");
  return {
    result: canceled ? "CANCELED" : "FAILED",
    message: `${failed.length} of ${latest.length} iterations did not succeed: ${failed[0]?.message ?? ""}`,
  };
}
