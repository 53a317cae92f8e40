/**
 * Polling schedule of a watched run: 10 s, doubling to a 5 min cap. A 60-minute job costs 16 runs/get
 * calls (issue #7 benchmark: at most 20) and its end is seen within 5 min without callbacks.
 */
export const FIRST_POLL_SECONDS = 10;
export const MAX_POLL_SECONDS = 300;

/**
 * With completion callbacks (run-events, ADR 0021) polling is only the fallback for a lost callback:
 * after the first poll, one every 30 min. A 60-minute job then costs 3 runs/get calls (issue #7: at
 * most 3); a lost callback delays seeing its end by up to 30 min.
 */
export const CALLBACK_FALLBACK_POLL_SECONDS = 1_800;

export function nextPollDelay(previousSeconds: number, callbacks = false): number {
  if (callbacks) return CALLBACK_FALLBACK_POLL_SECONDS;
  return Math.min(MAX_POLL_SECONDS, Math.max(FIRST_POLL_SECONDS, previousSeconds * 2));
}

/**
 * Polls per execution before continueAsNew. Each poll adds about six history events (timer created and
 * fired, activity scheduled and completed, two episode markers), so an execution stays near 150 events
 * however long the job runs (a 24 h job: about 290 polls over 12 executions).
 */
export const POLLS_PER_EXECUTION = 25;
