import { id, idParam, invalid } from "../http.js";
import type { Ctx } from "../router.js";
import { latestAttempts } from "./attempts.js";
import { terminal } from "./model.js";
import { rerunSelection } from "./policy.js";
import { runNotFound } from "./not-found.js";
import type { Scheduler } from "./scheduler.js";

/** runs/repair: reruns chosen tasks of a finished run; latest_repair_id must name the newest repair. */
export function repair(scheduler: Scheduler, c: Ctx): unknown {
  const body = c.json();
  const run = scheduler.runs.get(idParam(body.run_id, "run_id"));
  if (!run) throw runNotFound(String(body.run_id));
  if (!terminal(run.life))
    throw invalid(`Run ${run.run_id} is still active; only finished runs can be repaired.`);
  const latest = run.repairs.filter((r) => r.type === "REPAIR").pop()?.id;
  const given =
    body.latest_repair_id === undefined ? undefined : idParam(body.latest_repair_id, "latest_repair_id");
  if (given !== latest)
    throw invalid(`The latest repair id is ${latest ?? "not set"}; latest_repair_id must match it.`);
  const named = Array.isArray(body.rerun_tasks) ? body.rerun_tasks.map(String) : undefined;
  for (const key of named ?? [])
    if (!run.tasks.some((t) => t.task_key === key))
      throw invalid(`Task ${key} is not part of run ${run.run_id}.`);
  const selected = rerunSelection(
    run.tasks,
    named,
    body.rerun_all_failed_tasks === true,
    body.rerun_dependent_tasks === true,
  );
  if (selected.size === 0)
    throw invalid("Nothing to repair: name rerun_tasks or set rerun_all_failed_tasks.");
  if (run.repairs.length === 0) {
    run.repairs.push({
      id: scheduler.runs.nextId(),
      type: "ORIGINAL",
      start_time: run.start_time,
      end_time: run.end_time,
      life: run.life,
      ...(run.result ? { result: run.result } : {}),
      task_run_ids: latestAttempts(run.tasks).map((t) => t.run_id),
    });
  }
  // Earlier attempts stay listed, as on Databricks; the rerun is a new attempt of each selected task.
  const reruns = latestAttempts(run.tasks)
    .filter((t) => selected.has(t.task_key))
    .map((t) => scheduler.runs.newTaskRun(run.run_id, t.settings, t.attempt_number + 1));
  run.tasks.push(...reruns);
  const repairId = scheduler.runs.nextId();
  run.repairs.push({
    id: repairId,
    type: "REPAIR",
    start_time: Date.now(),
    end_time: 0,
    life: "RUNNING",
    task_run_ids: reruns.map((t) => t.run_id),
  });
  if (body.job_parameters && typeof body.job_parameters === "object") {
    run.job_parameters = { ...run.job_parameters, ...(body.job_parameters as Record<string, string>) };
  }
  scheduler.resume(run);
  return { repair_id: id(repairId) };
}
