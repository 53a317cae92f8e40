/**
 * Time as a dependency: the transport waits (backoff, rate limiting, timeouts) only through this,
 * so tests drive time by hand instead of using real timers.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Calls `fire` after `ms` unless the returned function is called first. Per-attempt timeouts use this
   * rather than a sleep with an abort signal: releasing a timer then costs no AbortController and no
   * abort event, which was most of the client's overhead per call in `npm run bench:databricks`.
   */
  timer(ms: number, fire: () => void): () => void;
}

/** The real clock, built on `Date.now` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
  timer: (ms, fire) => {
    const handle = setTimeout(fire, Math.max(0, ms));
    return () => clearTimeout(handle);
  },
};
