import { invalid } from "../http.js";
import { conditionOps } from "./condition.js";
import { parseCron } from "./cron.js";
import type { Settings, TaskSettings } from "./model.js";
import { inProcessKinds, isRecord, processKinds, taskKind } from "./task-kinds.js";
import { zoneFormatter } from "./zoned-time.js";

/**
 * Rejects settings Databricks would reject, and anything the emulator cannot do, with
 * INVALID_PARAMETER_VALUE: it never accepts a job it would then silently run differently.
 */
export function validateSettings(settings: Settings): Settings {
  validateTasks(settings);
  validateSchedule(settings.schedule);
  validateTrigger(settings.trigger);
  if (settings.continuous !== undefined)
    throw invalid("The emulator does not run continuous jobs; use schedule or trigger.periodic.");
  return settings;
}

export function validateTasks(settings: Settings): Settings {
  const tasks = settings.tasks ?? [];
  if (!Array.isArray(tasks)) throw invalid("tasks must be an array");
  const byKey = new Map<string, TaskSettings>();
  for (const task of tasks) {
    if (typeof task.task_key !== "string" || task.task_key === "")
      throw invalid("Task key must be specified for every task.");
    if (byKey.has(task.task_key)) throw invalid(`Task key ${task.task_key} is not unique.`);
    byKey.set(task.task_key, task);
  }
  for (const task of tasks) {
    for (const dep of task.depends_on ?? []) {
      const upstream = byKey.get(dep.task_key);
      if (!upstream)
        throw invalid(`Task ${task.task_key} depends on ${dep.task_key}, which is not defined in this job.`);
      if (
        dep.outcome !== undefined &&
        (upstream.condition_task === undefined || !["true", "false"].includes(dep.outcome))
      )
        throw invalid(
          `Task ${task.task_key}: outcome must be "true" or "false" and only follows a condition_task.`,
        );
    }
    validateTask(task, false);
  }
  return settings;
}

function validateTask(task: TaskSettings, nested: boolean): void {
  const at = `Task ${task.task_key}`;
  const kinds = [...processKinds, ...inProcessKinds].filter((k) => task[k] !== undefined);
  if (kinds.length === 0) {
    const other = Object.keys(task).find((k) => k.endsWith("_task"));
    throw invalid(
      other
        ? `${at}: ${other} is not supported by the emulator (it runs ${[...processKinds, ...inProcessKinds].join(", ")}).`
        : `${at} has no task type.`,
    );
  }
  if (kinds.length > 1) throw invalid(`${at} sets more than one task type: ${kinds.join(", ")}.`);
  const spec = task[taskKind(task) ?? ""];
  if (!isRecord(spec)) throw invalid(`${at}: ${kinds[0]} must be an object.`);
  if (task.condition_task !== undefined) {
    if (!(conditionOps as readonly unknown[]).includes(spec.op))
      throw invalid(`${at}: op must be one of ${conditionOps.join(", ")}.`);
    if (typeof spec.left !== "string" || typeof spec.right !== "string")
      throw invalid(`${at}: left and right must be strings.`);
  }
  if (task.run_job_task !== undefined && (spec.job_id === undefined || spec.job_id === ""))
    throw invalid(`${at}: run_job_task.job_id is required.`);
  if (task.for_each_task !== undefined) {
    if (nested) throw invalid(`${at}: a for_each_task cannot be nested in another for_each_task.`);
    if (typeof spec.inputs !== "string" || spec.inputs === "")
      throw invalid(`${at}: for_each_task.inputs is required.`);
    const c = spec.concurrency;
    if (c !== undefined && !(Number.isInteger(c) && (c as number) >= 1 && (c as number) <= 100))
      throw invalid(`${at}: for_each_task.concurrency must be an integer from 1 to 100.`);
    if (!isRecord(spec.task)) throw invalid(`${at}: for_each_task.task is required.`);
    const inner = spec.task as TaskSettings;
    if (typeof inner.task_key !== "string" || inner.task_key === "")
      throw invalid(`${at}: the nested task needs a task_key.`);
    validateTask(inner, true);
  }
  const retries = task.max_retries;
  if (retries !== undefined && !(Number.isInteger(retries) && (retries as number) >= -1))
    throw invalid(`${at}: max_retries must be an integer, -1 (retry forever) or more.`);
  const interval = task.min_retry_interval_millis;
  if (interval !== undefined && !(Number.isInteger(interval) && (interval as number) >= 0))
    throw invalid(`${at}: min_retry_interval_millis must be a non-negative integer.`);
}

const pauseStatuses = [undefined, "PAUSED", "UNPAUSED"];

function validateSchedule(schedule: unknown): void {
  if (schedule === undefined) return;
  if (!isRecord(schedule)) throw invalid("schedule must be an object.");
  if (typeof schedule.quartz_cron_expression !== "string")
    throw invalid("schedule.quartz_cron_expression is required.");
  if (typeof schedule.timezone_id !== "string") throw invalid("schedule.timezone_id is required.");
  if (!pauseStatuses.includes(schedule.pause_status as string))
    throw invalid("schedule.pause_status must be PAUSED or UNPAUSED.");
  if (schedule.sql_condition !== undefined)
    throw invalid("schedule.sql_condition is not supported by the emulator.");
  try {
    parseCron(schedule.quartz_cron_expression);
    zoneFormatter(schedule.timezone_id);
  } catch (e) {
    throw invalid(
      e instanceof RangeError ? `Unknown timezone_id '${schedule.timezone_id}'.` : (e as Error).message,
    );
  }
}

const periodicUnits = ["MINUTES", "HOURS", "DAYS", "WEEKS"];

function validateTrigger(trigger: unknown): void {
  if (trigger === undefined) return;
  if (!isRecord(trigger)) throw invalid("trigger must be an object.");
  if (!pauseStatuses.includes(trigger.pause_status as string))
    throw invalid("trigger.pause_status must be PAUSED or UNPAUSED.");
  const other = ["file_arrival", "table_update", "table", "model", "sql_condition"].find(
    (k) => trigger[k] !== undefined,
  );
  if (other)
    throw invalid(
      `trigger.${other} is not supported by the emulator; it supports trigger.periodic and schedule.`,
    );
  const periodic = trigger.periodic;
  if (!isRecord(periodic))
    throw invalid("trigger needs periodic (the only trigger type the emulator supports).");
  if (!(Number.isInteger(periodic.interval) && (periodic.interval as number) > 0))
    throw invalid("trigger.periodic.interval must be a positive integer.");
  if (!periodicUnits.includes(periodic.unit as string))
    throw invalid(`trigger.periodic.unit must be one of ${periodicUnits.join(", ")}.`);
}
