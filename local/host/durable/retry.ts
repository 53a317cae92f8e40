/**
 * Host-side retries of CallActivityWithRetry / CallSubOrchestratorWithRetry, as DTFx's RetryInterceptor
 * does them: after every failed attempt (the last one included) a timer is created, and durable-functions'
 * RetryableTask waits for that timer before scheduling the next attempt or surfacing the error.
 */
export interface RetryOptionsWire {
  firstRetryIntervalInMilliseconds: number;
  maxNumberOfAttempts: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMilliseconds?: number;
  retryTimeoutInMilliseconds?: number;
}

/**
 * Delay before the timer that follows failed attempt number `attempt` (1-based), or `undefined` when the
 * retry timeout has expired. DTFx then throws without a timer, which would leave durable-functions waiting
 * forever (its RetryableTask always waits for one); the engine fires the timer at once instead and fails the
 * remaining attempts without running them (docs/adr/0001-durable-engine.md).
 */
export function retryDelay(
  options: RetryOptionsWire,
  attempt: number,
  firstAttemptAt: number,
  now: number,
): number | undefined {
  const timeout = options.retryTimeoutInMilliseconds ?? 0;
  if (timeout > 0 && now >= firstAttemptAt + timeout) return undefined;
  const backoff =
    options.backoffCoefficient && options.backoffCoefficient > 0 ? options.backoffCoefficient : 1;
  const delay = options.firstRetryIntervalInMilliseconds * Math.pow(backoff, attempt - 1);
  const cap = options.maxRetryIntervalInMilliseconds ?? 0;
  return cap > 0 ? Math.min(delay, cap) : delay;
}
