import type { DurableOrchestrationContext, RetryOptions, Task } from "durable-functions";
import { ActivityError } from "./activity-error.js";
import type { ActivityContract, ActivityResult } from "./contracts.js";

/** The part of an orchestration context these helpers need; small so the test harness can fake it. */
export interface ActivityScheduler {
  readonly df: Pick<DurableOrchestrationContext, "callActivity" | "callActivityWithRetry" | "Task">;
}

/** A scheduled activity whose raw durable `task` can go into `Task.any`; read it with {@link resultOf}. */
export interface ActivityTask<Out> {
  readonly task: Task;
  readonly activity: string;
  /** Type carrier only; never set at runtime. */
  readonly __out?: () => Out;
}

/** Schedules an activity without waiting: for fan-out ({@link whenAll}) and races with timers. */
export function scheduleActivity<In, Out>(
  ctx: ActivityScheduler,
  contract: ActivityContract<In, Out>,
  input: In,
  retry: RetryOptions | undefined = contract.retry,
): ActivityTask<Out> {
  const task =
    retry === undefined
      ? ctx.df.callActivity(contract.name, input)
      : ctx.df.callActivityWithRetry(contract.name, retry, input);
  return { task, activity: contract.name };
}

/**
 * Schedules an activity and returns its typed output: `const out = yield* callActivity(ctx, SubmitRun, input)`.
 * Uses `retry`, else the contract's policy, else no retry. Throws {@link ActivityError} when the
 * activity reported a non-retryable failure; other failures surface as the host's plain `Error` after
 * the retry policy is exhausted.
 */
export function* callActivity<In, Out>(
  ctx: ActivityScheduler,
  contract: ActivityContract<In, Out>,
  input: In,
  retry?: RetryOptions,
): Generator<Task, Out, unknown> {
  const scheduled = scheduleActivity(ctx, contract, input, retry ?? contract.retry);
  const raw: unknown = yield scheduled.task;
  return unwrap<Out>(scheduled.activity, raw);
}

type Outputs<T extends readonly ActivityTask<unknown>[]> = {
  -readonly [K in keyof T]: T[K] extends ActivityTask<infer O> ? O : never;
};

/** Waits for all tasks (fan-in) and returns their typed outputs in order; the first failure is thrown. */
export function* whenAll<const T extends readonly ActivityTask<unknown>[]>(
  ctx: ActivityScheduler,
  tasks: T,
): Generator<Task, Outputs<T>, unknown> {
  const raw: unknown = yield ctx.df.Task.all(tasks.map((t) => t.task));
  const results = Array.isArray(raw) ? (raw as unknown[]) : [];
  return tasks.map((t, i) => unwrap(t.activity, results[i])) as Outputs<T>;
}

/** The typed output of a completed task, e.g. the winner of a `Task.any` race. */
export function resultOf<Out>(scheduled: ActivityTask<Out>): Out {
  return unwrap<Out>(scheduled.activity, scheduled.task.result);
}

function isResult(raw: unknown): raw is ActivityResult<unknown> {
  return typeof raw === "object" && raw !== null && "ok" in raw && typeof raw.ok === "boolean";
}

/** Opens the `implement()` envelope, or fails loudly when an activity was registered without it. */
export function unwrap<Out>(activity: string, raw: unknown): Out {
  if (!isResult(raw)) {
    throw new TypeError(`Activity ${activity} returned no result envelope; register it with implement()`);
  }
  if (raw.ok) return raw.value as Out;
  throw new ActivityError(activity, raw.error);
}
