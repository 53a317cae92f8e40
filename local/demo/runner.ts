/**
 * The demo's step runner (issue #8, part 4): runs named steps in order, times each, narrates progress and
 * stops at the first failure, so the summary names the step that failed and why and the rest as not run.
 */

/** A failure whose message is the reason to show (taken from a status payload, never a stack trace). */
export class StepError extends Error {
  override readonly name = "StepError";
}

/** What a step can tell the person watching while it works. */
export interface StepContext {
  progress(message: string): void;
}

export interface Step<S> {
  /** Short key for the summary and the exit message, e.g. `deploy-staging`. */
  readonly name: string;
  readonly title: string;
  /** Resolves with a one-line result; throws (preferably a StepError) when the step failed. */
  run(state: S, ctx: StepContext): Promise<string>;
}

export type StepState = "passed" | "failed" | "not run";

export interface StepResult {
  readonly name: string;
  readonly title: string;
  readonly state: StepState;
  readonly ms: number | null;
  readonly detail: string;
}

/** Where narration goes: console output in the CLI, a recorder in tests. */
export interface Narrator {
  started(index: number, count: number, title: string): void;
  progress(message: string, elapsedMs: number): void;
  passed(title: string, ms: number, detail: string): void;
  failed(title: string, ms: number, reason: string): void;
}

export interface RunOutcome {
  readonly results: readonly StepResult[];
  /** The first failed step, if any. */
  readonly failure: { readonly name: string; readonly reason: string } | undefined;
  readonly totalMs: number;
}

const reasonOf = (err: unknown): string =>
  err instanceof Error ? err.message : typeof err === "string" ? err : JSON.stringify(err);

/** Runs every step in order against a shared state; the clock is injected so tests need no real time. */
export async function runSteps<S>(
  steps: readonly Step<S>[],
  state: S,
  narrator: Narrator,
  now: () => number = Date.now,
): Promise<RunOutcome> {
  const results: StepResult[] = [];
  const begun = now();
  let failure: RunOutcome["failure"];
  for (const [i, step] of steps.entries()) {
    if (failure !== undefined) {
      results.push({ name: step.name, title: step.title, state: "not run", ms: null, detail: "" });
      continue;
    }
    narrator.started(i + 1, steps.length, step.title);
    const start = now();
    try {
      const detail = await step.run(state, { progress: (m) => narrator.progress(m, now() - start) });
      const ms = now() - start;
      narrator.passed(step.title, ms, detail);
      results.push({ name: step.name, title: step.title, state: "passed", ms, detail });
    } catch (err) {
      const ms = now() - start;
      const reason = reasonOf(err);
      narrator.failed(step.title, ms, reason);
      results.push({ name: step.name, title: step.title, state: "failed", ms, detail: reason });
      failure = { name: step.name, reason };
    }
  }
  return { results, failure, totalMs: now() - begun };
}
