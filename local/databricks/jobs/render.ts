import { id } from "../http.js";
import { iterationStats } from "./for-each.js";
import type { LifeCycle, RunDoc, TaskRunDoc } from "./model.js";

interface Termination {
  code: string;
  type: string;
}

/** status.termination_details for a result state (Jobs API TerminationCodeCode / TerminationTypeType). */
const terminations: Record<string, Termination> = {
  SUCCESS: { code: "SUCCESS", type: "SUCCESS" },
  FAILED: { code: "RUN_EXECUTION_ERROR", type: "CLIENT_ERROR" },
  TIMEDOUT: { code: "CANCELED", type: "CLIENT_ERROR" },
  CANCELED: { code: "USER_CANCELED", type: "CLIENT_ERROR" },
  UPSTREAM_FAILED: { code: "SKIPPED", type: "CLIENT_ERROR" },
  UPSTREAM_CANCELED: { code: "SKIPPED", type: "CLIENT_ERROR" },
  EXCLUDED: { code: "SKIPPED", type: "SUCCESS" },
  SUCCESS_WITH_FAILURES: { code: "RUN_EXECUTION_ERROR", type: "CLIENT_ERROR" },
  MAXIMUM_CONCURRENT_RUNS_REACHED: { code: "MAX_CONCURRENT_RUNS_EXCEEDED", type: "CLIENT_ERROR" },
};

/** Legacy `state` and newer `status`, both derived from one life cycle and result. */
export function stateOf(
  life: LifeCycle,
  result: string | undefined,
  message: string,
  code?: string,
): { state: Record<string, unknown>; status: Record<string, unknown> } {
  const state: Record<string, unknown> = { life_cycle_state: life, state_message: message };
  if (result !== undefined) state.result_state = result;
  if (result === "CANCELED" || result === "TIMEDOUT") state.user_cancelled_or_timedout = true;
  const status: Record<string, unknown> = { state: statusState(life) };
  if (life === "QUEUED") status.queue_details = { code: code ?? "ACTIVE_RUNS_LIMIT_REACHED", message };
  if (statusState(life) === "TERMINATED") {
    const t =
      life === "INTERNAL_ERROR"
        ? { code: "INTERNAL_ERROR", type: "INTERNAL_ERROR" }
        : terminations[result ?? ""];
    status.termination_details = {
      code: t?.code ?? "RUN_EXECUTION_ERROR",
      type: t?.type ?? "CLIENT_ERROR",
      message,
    };
  }
  return { state, status };
}

function statusState(life: LifeCycle): string {
  if (life === "SKIPPED" || life === "INTERNAL_ERROR") return "TERMINATED";
  return life;
}

/** Run-time fields Databricks adds to a task's settings: condition outcome, for_each stats, run_job id. */
function taskSettings(task: TaskRunDoc): Record<string, unknown> {
  const s: Record<string, unknown> = { ...task.settings };
  if (task.outcome !== undefined)
    s.condition_task = { ...(s.condition_task as object), outcome: task.outcome };
  if (task.iterations !== undefined)
    s.for_each_task = {
      ...(s.for_each_task as object),
      stats: { task_run_stats: iterationStats(task.iterations) },
    };
  const runJob = s.run_job_task as { job_id?: string } | undefined;
  if (runJob?.job_id !== undefined) s.run_job_task = { ...runJob, job_id: id(runJob.job_id) };
  return s;
}

export function renderTask(task: TaskRunDoc, base: string): Record<string, unknown> {
  return {
    ...taskSettings(task),
    task_key: task.task_key,
    run_id: id(task.run_id),
    attempt_number: task.attempt_number,
    ...stateOf(task.life, task.result, task.message),
    start_time: task.start_time,
    end_time: task.end_time,
    setup_duration: 0,
    execution_duration: task.end_time > 0 ? Math.max(0, task.end_time - task.start_time) : 0,
    cleanup_duration: 0,
    run_page_url: `${base}/#job/run/${task.run_id}`,
  };
}

/** A run as runs/get answers it; `tasks` can be sliced for pagination by the caller. */
export function renderRun(run: RunDoc, base: string, tasks = run.tasks): Record<string, unknown> {
  const out: Record<string, unknown> = {
    run_id: id(run.run_id),
    number_in_job: id(run.run_id),
    original_attempt_run_id: id(run.run_id),
    creator_user_name: run.creator_user_name,
    run_name: run.run_name,
    run_type: run.run_type,
    run_page_url: `${base}/#job/${run.job_id ?? "0"}/run/${run.run_id}`,
    ...stateOf(run.life, run.result, run.message, run.code),
    start_time: run.start_time,
    end_time: run.end_time,
    setup_duration: 0,
    execution_duration: 0,
    cleanup_duration: 0,
    run_duration: run.end_time > 0 ? run.end_time - run.start_time : 0,
    trigger: run.trigger ?? "ONE_TIME",
    ...(run.parent ? { trigger_info: { run_id: id(run.parent.task_run_id) } } : {}),
    format: "MULTI_TASK",
    attempt_number: 0,
    tasks: tasks.map((t) => renderTask(t, base)),
    job_parameters: Object.entries(run.job_parameters).map(([name, value]) => ({
      name,
      default: run.parameter_defaults[name] ?? "",
      value,
    })),
    repair_history: run.repairs.map((r) => ({
      id: id(r.id),
      type: r.type,
      start_time: r.start_time,
      end_time: r.end_time,
      ...stateOf(r.life, r.result, ""),
      task_run_ids: r.task_run_ids.map(id),
    })),
  };
  if (run.job_id !== undefined) out.job_id = id(run.job_id);
  return out;
}
