import type { JobDoc } from "./model.js";
import type { SubmitInput } from "./new-run.js";

/**
 * A run of a job with its parameter defaults, overridden by `given` (run-now, a run_job_task's
 * job_parameters, or nothing for a scheduled run). Queueing follows the job's `queue` setting unless the
 * caller says otherwise; it is on by default in Jobs API 2.2.
 */
export function jobRunInput(
  job: JobDoc,
  user: string,
  given: Record<string, unknown> = {},
  queue?: boolean,
): SubmitInput {
  const definitions = (job.settings.parameters ?? []) as { name: string; default: string }[];
  const defaults = Object.fromEntries(definitions.map((p) => [p.name, p.default]));
  const parameters = {
    ...defaults,
    ...Object.fromEntries(Object.entries(given).map(([k, v]) => [k, String(v)])),
  };
  return {
    job,
    settings: job.settings,
    runName: job.settings.name ?? "Untitled",
    parameters,
    defaults,
    queue: queue ?? (job.settings.queue as { enabled?: boolean } | undefined)?.enabled ?? true,
    user,
  };
}
