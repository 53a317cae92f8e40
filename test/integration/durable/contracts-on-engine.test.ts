import { afterEach, expect, it } from "vitest";
import {
  ActivityError,
  callActivity,
  defineActivity,
  implement,
  retryPolicy,
} from "../../../shared/durable/index.js";
import { UpstreamError, ValidationError } from "../../../shared/errors/taxonomy.js";
import {
  LibraryRunner,
  engineFixture,
  outputOf,
  startInstance,
  type Ctx,
  type EngineFixture,
  type Gen,
} from "./library-runner.js";

/**
 * The typed contracts of shared/durable on the real engine (not the test harness): a non-retryable
 * AppError crosses the activity boundary as data and is not retried; a retryable one is retried host-side.
 */
const Submit = defineActivity<{ fail: "validation" | "upstream" | "none" }, { runId: string }>("Submit", {
  retry: retryPolicy({
    firstRetryIntervalMs: 1000,
    maxAttempts: 3,
    backoffCoefficient: 1,
    maxRetryIntervalMs: 1000,
  }),
});

let fx: EngineFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

function fixture(calls: { n: number }): EngineFixture {
  let upstreamFailures = 0;
  const submit = implement(Submit, ({ fail }) => {
    calls.n++;
    if (fail === "validation")
      throw new ValidationError("job parameters are invalid", { code: "INVALID_JOB_PARAMETERS" });
    if (fail === "upstream" && upstreamFailures++ < 2) throw new UpstreamError("Databricks answered 503");
    return { runId: "9007199254740993" };
  });
  return engineFixture(
    new LibraryRunner(
      {
        Pipeline: function* (ctx: Ctx): Gen {
          try {
            const { runId } = yield* callActivity(
              ctx,
              Submit,
              ctx.df.getInput<{ fail: "validation" | "upstream" | "none" }>(),
            );
            return { kind: "submitted", runId };
          } catch (err) {
            if (err instanceof ActivityError) return { kind: "rejected", code: err.code };
            throw err;
          }
        },
      },
      { Submit: (input) => submit(input, undefined as never) },
    ),
  );
}

it("returns a non-retryable AppError as data: rethrown typed in the orchestrator, run once", async () => {
  const calls = { n: 0 };
  fx = fixture(calls);
  const id = startInstance(fx, "Pipeline", { fail: "validation" });
  await fx.advanceUntil(id, ["Completed"], 1000);
  expect(outputOf(fx, id)).toEqual({ kind: "rejected", code: "INVALID_JOB_PARAMETERS" });
  expect(calls.n).toBe(1);
});

it("retries a retryable failure with the contract's policy, then returns the typed value", async () => {
  const calls = { n: 0 };
  fx = fixture(calls);
  const id = startInstance(fx, "Pipeline", { fail: "upstream" });
  await fx.advanceUntil(id, ["Completed"], 1000);
  expect(outputOf(fx, id)).toEqual({ kind: "submitted", runId: "9007199254740993" });
  expect(calls.n).toBe(3);
});
