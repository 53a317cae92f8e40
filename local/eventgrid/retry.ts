import type { Subscription } from "./config.js";

/**
 * Event Grid's retry policy (learn.microsoft.com azure/event-grid/delivery-and-retry): retries after 10 s,
 * 30 s, 1 min, 5 min, 10 min, 30 min, 1 h, 3 h, 6 h and then every 12 h, until `maxDeliveryAttempts` or the
 * event's time to live runs out, whichever comes first. Some statuses are never retried: the event is
 * dead-lettered at once. Event Grid adds a little randomness to each step; we do not, so tests can reason
 * about attempts. `timeScale` compresses every delay (0.001 turns 10 s into 10 ms) for tests.
 */
export const retryScheduleSeconds: readonly number[] = [10, 30, 60, 300, 600, 1_800, 3_600, 10_800, 21_600];
const thereafterSeconds = 43_200;

/** Dead-lettering happens about five minutes after the last attempt (the delay users observe). */
export const deadLetterDelaySeconds = 300;

/** Event Grid waits 30 s for an answer; an attempt without one counts as timed out. */
export const responseTimeoutSeconds = 30;

/** Seconds to wait after the `attempt`-th (1-based) delivery attempt failed. */
export function retryDelaySeconds(attempt: number): number {
  return retryScheduleSeconds[attempt - 1] ?? thereafterSeconds;
}

export type EndpointKind = "function" | "webhook";

/** Not retried: configuration errors that retrying cannot fix (the table of the delivery docs). */
const neverRetried: Record<EndpointKind, ReadonlySet<number>> = {
  // An Azure Function is an "Azure resource" endpoint there; a 401 from it is retried.
  function: new Set([400, 403, 413]),
  webhook: new Set([400, 401, 403, 413]),
};

/** The delivery outcome names Event Grid reports in dead letters (`lastDeliveryOutcome`). */
export function deliveryOutcome(status: number | undefined): string {
  if (status === undefined) return "TimedOut";
  if (status >= 200 && status < 300) return "Succeeded";
  const named: Record<number, string> = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    408: "TimedOut",
    413: "PayloadTooLarge",
  };
  return named[status] ?? "GenericError";
}

export type FailureDecision =
  | { readonly kind: "retry"; readonly delayMs: number }
  | { readonly kind: "deadLetter"; readonly reason: string };

export interface FailedAttempt {
  /** How many attempts have been made, this one included. */
  readonly attempts: number;
  /** The HTTP status, or undefined when no answer came (timeout, refused connection). */
  readonly status: number | undefined;
  readonly endpoint: EndpointKind;
  /** Milliseconds since the event was published. */
  readonly ageMs: number;
}

export function afterFailure(
  failed: FailedAttempt,
  policy: Subscription["retryPolicy"],
  timeScale: number,
): FailureDecision {
  if (failed.status !== undefined && neverRetried[failed.endpoint].has(failed.status)) {
    return { kind: "deadLetter", reason: `UndeliverableDueToHttp${deliveryOutcome(failed.status)}` };
  }
  if (failed.attempts >= policy.maxDeliveryAttempts)
    return { kind: "deadLetter", reason: "MaxDeliveryAttemptsExceeded" };
  const delayMs = retryDelaySeconds(failed.attempts) * 1_000 * timeScale;
  const ttlMs = policy.eventTimeToLiveInMinutes * 60_000 * timeScale;
  if (failed.ageMs + delayMs > ttlMs) return { kind: "deadLetter", reason: "TimeToLiveExceeded" };
  return { kind: "retry", delayMs };
}
