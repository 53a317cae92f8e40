import { jobRunInput } from "./job-run-input.js";
import type { JobStore } from "./job-store.js";
import { findTaskRun, type RunDoc, terminal } from "./model.js";
import type { SubmitInput } from "./new-run.js";
import type { RunStore } from "./run-store.js";
import { stopMessage } from "./for-each-runner.js";
import { childEnd, type RunnerHooks } from "./task-kinds.js";
import type { StopReason } from "./task-process.js";
import type { TaskRunner } from "./task-runner.js";

/** The scheduler as the task runner reaches it. */
export interface RunControl {
  submit(input: SubmitInput): RunDoc;
  stop(runId: string, reason: StopReason): void;
  finish(run: RunDoc): void;
}

/**
 * Hooks of the task runner: run ends, and run_job_task, which starts a run of another job (trigger
 * RUN_JOB_TASK, its job_parameters over that job's defaults) and follows it to its end.
 */
export function runnerHooks(control: RunControl, jobs: JobStore): RunnerHooks {
  return {
    onRunDone: (run) => control.finish(run),
    startChild(run, task, jobId, parameters) {
      const child = control.submit({
        ...jobRunInput(jobs.get(jobId), run.creator_user_name, parameters),
        trigger: "RUN_JOB_TASK",
        parent: { run_id: run.run_id, task_run_id: task.run_id },
      });
      // Skipped at once (max_concurrent_runs reached with queueing off): the task fails with its message.
      if (terminal(child.life)) throw new Error(child.message);
      return child.run_id;
    },
    stopChild: (runId, reason) => control.stop(runId, reason),
  };
}

/** A run started by a run_job_task ended: the task takes its result (or the reason it was stopped). */
export function childRunEnded(runner: TaskRunner, runs: RunStore, parent: RunDoc, child: RunDoc): void {
  const taskRunId = child.parent?.task_run_id ?? "";
  const task = findTaskRun(parent, taskRunId);
  if (!task || terminal(task.life)) return;
  runs.saveOutput(taskRunId, {
    parent_run_id: parent.run_id,
    task_key: task.task_key,
    run_job_run_id: child.run_id,
  });
  const reason = runner.takeStopReason(taskRunId);
  runner.asyncEnd(
    parent,
    task,
    reason ? { result: reason, message: stopMessage(reason) } : childEnd(child.run_id, child.result),
  );
}
