import type { RetryOptions } from "durable-functions";

/**
 * The single definition of an activity: its name (stored in orchestration history) and the JSON types
 * that cross the durable boundary. Orchestrators call it with `callActivity`; functions/ registers
 * `implement(contract, fn)` under `contract.name`.
 */
export interface ActivityContract<In, Out> {
  readonly name: string;
  /** Policy used when the caller passes none; unset means "do not retry". */
  readonly retry: RetryOptions | undefined;
  /** Type carrier only; never set at runtime. Function-typed so `In` and `Out` are checked both ways. */
  readonly __types?: (input: In) => Out;
}

/** Options for {@link defineActivity}. */
export interface ActivityOptions {
  readonly retry?: RetryOptions;
}

// Function names become host metadata and URL segments; keep them boring.
const ACTIVITY_NAME = /^[A-Za-z][A-Za-z0-9_]{0,126}$/;

/**
 * Declares an activity contract, e.g. `export const SubmitRun = defineActivity<SubmitIn, SubmitOut>("SubmitRun")`.
 * Names are stored in history: never rename one that may have running instances; add `V2` instead.
 */
export function defineActivity<In, Out>(
  name: string,
  options: ActivityOptions = {},
): ActivityContract<In, Out> {
  if (!ACTIVITY_NAME.test(name)) {
    throw new TypeError(`Activity name must be a letter then letters, digits or _, got "${name}"`);
  }
  return Object.freeze({ name, retry: options.retry });
}

/** A non-retryable failure, carried as data because error classes do not survive the boundary. */
export interface ActivityFailure {
  readonly code: string;
  readonly message: string;
}

/** What an `implement()`ed activity returns over the wire. */
export type ActivityResult<Out> =
  { readonly ok: true; readonly value: Out } | { readonly ok: false; readonly error: ActivityFailure };

/** The input type of a contract. */
export type InputOf<C> = C extends ActivityContract<infer In, unknown> ? In : never;
/** The output type of a contract. */
export type OutputOf<C> = C extends ActivityContract<unknown, infer Out> ? Out : never;
