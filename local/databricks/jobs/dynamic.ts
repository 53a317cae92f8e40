/**
 * Dynamic value references (`{{job.parameters.x}}`, `{{job.run_id}}`, `{{task.name}}`, …) as the Jobs
 * docs list them. Unknown references are left as written, so a typo shows up in the script's input.
 */
export interface RefContext {
  jobId: string | undefined;
  jobName: string;
  jobRunId: string;
  taskKey: string;
  taskRunId: string;
  startTime: number;
  repairCount: number;
  parameters: Record<string, string>;
  /** Task values set so far, by task key. */
  taskValues: (taskKey: string) => Record<string, unknown>;
  taskRunIdOf: (taskKey: string) => string | undefined;
  /** The run's trigger type in lower case (`one_time`, `periodic`, `run_job_task`). */
  triggerType: string;
  /** The task run's attempt_number (0 for the first attempt). */
  attempt: number;
}

export function resolveRefs(text: string, ctx: RefContext): string {
  return text.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (whole, ref: string) => lookup(ref, ctx) ?? whole);
}

function lookup(ref: string, ctx: RefContext): string | undefined {
  const simple: Record<string, string | undefined> = {
    "job.id": ctx.jobId,
    job_id: ctx.jobId,
    "job.name": ctx.jobName,
    "job.run_id": ctx.jobRunId,
    parent_run_id: ctx.jobRunId,
    "job.repair_count": String(ctx.repairCount),
    "job.start_time.timestamp_ms": String(ctx.startTime),
    "job.start_time.iso_date": new Date(ctx.startTime).toISOString().slice(0, 10),
    "job.start_time.iso_datetime": new Date(ctx.startTime).toISOString(),
    "job.trigger.type": ctx.triggerType,
    "task.name": ctx.taskKey,
    task_key: ctx.taskKey,
    "task.run_id": ctx.taskRunId,
    run_id: ctx.taskRunId,
    "task.execution_count": String(ctx.attempt + 1),
    start_date: new Date(ctx.startTime).toISOString().slice(0, 10),
    start_time: String(ctx.startTime),
  };
  if (ref in simple) return simple[ref];
  const param = /^job\.parameters\.(.+)$/.exec(ref);
  if (param?.[1] !== undefined) return ctx.parameters[param[1]];
  const value = /^tasks\.([^.]+)\.values\.(.+)$/.exec(ref);
  if (value?.[1] !== undefined && value[2] !== undefined) {
    const found = ctx.taskValues(value[1])[value[2]];
    return found === undefined ? undefined : typeof found === "string" ? found : JSON.stringify(found);
  }
  const runId = /^tasks\.([^.]+)\.run_id$/.exec(ref);
  if (runId?.[1] !== undefined) return ctx.taskRunIdOf(runId[1]);
  return undefined;
}

/** Resolves references in every string of a JSON value (task parameters, base_parameters, …). */
export function resolveDeep(value: unknown, ctx: RefContext): unknown {
  if (typeof value === "string") return resolveRefs(value, ctx);
  if (Array.isArray(value)) return value.map((v) => resolveDeep(v, ctx));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDeep(v, ctx)]));
  }
  return value;
}
