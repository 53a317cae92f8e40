import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { latestOf } from "./attempts.js";
import { type RefContext, resolveDeep } from "./dynamic.js";
import type { RunDoc, TaskRunDoc, TaskSettings } from "./model.js";

/** What `{{…}}` references of one task resolve against. */
export function refContext(run: RunDoc, task: TaskRunDoc, taskValuesDir: string): RefContext {
  return {
    jobId: run.job_id,
    jobName: run.run_name,
    jobRunId: run.run_id,
    taskKey: task.task_key,
    taskRunId: task.run_id,
    startTime: run.start_time,
    repairCount: Math.max(0, run.repairs.length - 1),
    parameters: run.job_parameters,
    taskValues: (key) => readValues(taskValuesDir, key),
    taskRunIdOf: (key) => latestOf(run.tasks, key)?.run_id,
    triggerType: (run.trigger ?? "ONE_TIME").toLowerCase(),
    attempt: task.attempt_number,
  };
}

/** Task values a task set through dbutils.jobs.taskValues (one JSON file per task key, see runner-py.ts). */
export function readValues(dir: string, taskKey: string): Record<string, unknown> {
  const file = join(dir, `${taskKey}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {};
}

/** The task's settings with every dynamic value reference resolved, as the task is about to start. */
export function resolvedSettings(run: RunDoc, task: TaskRunDoc, taskValuesDir: string): TaskSettings {
  return resolveDeep(task.settings, refContext(run, task, taskValuesDir)) as TaskSettings;
}
