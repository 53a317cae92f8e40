/**
 * Polling schedule of a watched run: 10 s, doubling to a 5 min cap. A 60-minute job costs 16 runs/get
 * calls (issue #7 benchmark: at most 20) and its end is seen within 5 min without callbacks.
 */
export const FIRST_POLL_SECONDS = 10;
export const MAX_POLL_SECONDS = 300;

export function nextPollDelay(previousSeconds: number): number {
  return Math.min(MAX_POLL_SECONDS, Math.max(FIRST_POLL_SECONDS, previousSeconds * 2));
}

/**
 * Polls per execution before continueAsNew. Each poll adds about six history events (timer created and
 * fired, activity scheduled and completed, two episode markers), so an execution stays near 150 events
 * however long the job runs (a 24 h job: about 290 polls over 12 executions).
 */
export const POLLS_PER_EXECUTION = 25;
