import type { RetryOptions, Task } from "durable-functions";

/** A mistake in the test setup or the orchestrator's use of the API; never thrown into the generator. */
export class HarnessError extends Error {
  override name = "HarnessError";
}

/** What a yielded task asks for. */
export type TaskSpec =
  | {
      readonly kind: "activity";
      readonly name: string;
      readonly input: unknown;
      readonly retry?: RetryOptions;
    }
  | {
      readonly kind: "subOrchestration";
      readonly name: string;
      readonly input: unknown;
      readonly instanceId: string | undefined;
    }
  | { readonly kind: "timer"; readonly fireAt: Date }
  | { readonly kind: "event"; readonly name: string }
  | { readonly kind: "all" | "any"; readonly children: readonly FakeTask[] };

/** Stands in for the library's tasks; also satisfies `TimerTask` (`cancel`, `isCanceled`). */
export class FakeTask implements Task {
  isCompleted = false;
  isFaulted = false;
  isCanceled = false;
  result: unknown = undefined;

  constructor(readonly spec: TaskSpec) {}

  cancel(): void {
    if (this.spec.kind !== "timer") throw new HarnessError("Only timers can be canceled");
    if (this.isCompleted) throw new HarnessError("Cannot cancel a timer that already fired");
    this.isCanceled = true;
  }

  complete(result: unknown): void {
    this.isCompleted = true;
    this.result = result;
  }

  fail(error: Error): void {
    this.isCompleted = true;
    this.isFaulted = true;
    this.result = error;
  }
}

/** Narrows what a generator yielded or passed to Task.all/any; catches a missing `yield*`. */
export function asFakeTask(value: unknown): FakeTask {
  if (value instanceof FakeTask) return value;
  throw new HarnessError(
    "The orchestrator yielded something that is not a task (forgot `yield*` before callActivity?)",
  );
}

/** JSON round trip: what crosses the durable boundary is JSON, so Dates, Maps and classes fail here too. */
export function throughJson(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** Delay before retry `attempt` (1-based), the way the extension computes it. */
export function retryDelayMs(retry: RetryOptions, attempt: number): number {
  const backoff = retry.backoffCoefficient ?? 1;
  const delay = retry.firstRetryIntervalInMilliseconds * backoff ** (attempt - 1);
  return Math.min(delay, retry.maxRetryIntervalInMilliseconds ?? Number.POSITIVE_INFINITY);
}
