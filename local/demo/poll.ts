import { setTimeout as sleep } from "node:timers/promises";
import { StepError } from "./runner.js";

/** One look at the world: done with a value, or not yet with what it saw (shown as progress on change). */
export type Check<T> =
  { readonly done: true; readonly value: T } | { readonly done: false; readonly note: string };

export interface PollOptions {
  /** What is being waited for, for the timeout message. */
  readonly what: string;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Called when the note changes, so the narration shows each new state once. */
  readonly onNote?: (note: string) => void;
  readonly now?: () => number;
  readonly wait?: (ms: number) => Promise<unknown>;
}

/**
 * Polls `check` until it is done; a check that throws ends the wait (a failed state is a failure, not
 * something to wait out). On timeout the error names the last state seen.
 */
export async function pollUntil<T>(check: () => Promise<Check<T>>, options: PollOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const wait = options.wait ?? ((ms: number) => sleep(ms));
  const deadline = now() + options.timeoutMs;
  let last = "";
  for (;;) {
    const seen = await check();
    if (seen.done) return seen.value;
    if (seen.note !== last) options.onNote?.(seen.note);
    last = seen.note;
    if (now() >= deadline) {
      throw new StepError(
        `timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${options.what} (last seen: ${last || "nothing"})`,
      );
    }
    await wait(options.intervalMs ?? 500);
  }
}
