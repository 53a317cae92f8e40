import type { InvocationContext } from "@azure/functions";
import { isAppError } from "../errors/app-error.js";
import type { ActivityContract, ActivityResult } from "./contracts.js";

/** The business function behind an activity. */
export type ActivityFn<In, Out> = (input: In, context: InvocationContext) => Out | Promise<Out>;

/** The handler shape `df.app.activity` expects, narrowed to what `implement()` returns. */
export type ActivityHandler<Out> = (
  input: unknown,
  context: InvocationContext,
) => Promise<ActivityResult<Out>>;

/**
 * Runs an activity body and applies the three-tier error convention (docs: style guide, "Errors across
 * the durable boundary"): values come back as `{ ok: true, value }`; a non-retryable `AppError`
 * comes back as `{ ok: false, error: { code, message } }` so the orchestrator can rethrow it without
 * the host retrying; anything else is thrown so the caller's retry policy applies.
 */
export async function settleActivity<Out>(run: () => Out | Promise<Out>): Promise<ActivityResult<Out>> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    if (isAppError(err) && !err.retryable) {
      return { ok: false, error: { code: err.code, message: err.message } };
    }
    throw err;
  }
}

/**
 * Turns a business function into the handler to register:
 * `df.app.activity(SubmitRun.name, { handler: implement(SubmitRun, activities.submitRun) })`.
 * The input is trusted as `In`: only our orchestrators schedule activities, through typed contracts.
 */
export function implement<In, Out>(
  _contract: ActivityContract<In, Out>,
  fn: ActivityFn<In, Out>,
): ActivityHandler<Out> {
  return (input, context) => settleActivity(() => fn(input as In, context));
}
