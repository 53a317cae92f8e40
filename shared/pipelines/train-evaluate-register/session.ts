import type { PipelineInput } from "./pipeline.contracts.js";
import type { PipelineView } from "./view.js";

/** Raised inside the generator to end the pipeline as `failed` with a clear message (never escapes it). */
export class PipelineStop extends Error {}

/**
 * What the parts of one trainEvaluateRegister execution share: its id and input, the view being built
 * (shown as custom status on every change) and whether the plan said callbacks are configured. Lives
 * for one replay of the generator only; nothing here is stored except through `show`.
 */
export interface PipelineSession {
  readonly id: string;
  readonly input: PipelineInput;
  view: PipelineView;
  /** Set from the plan (an activity result), so every replay decides the same. */
  callbacks: boolean;
  show(patch: Partial<PipelineView>): void;
}

export function pipelineSession(
  id: string,
  input: PipelineInput,
  initial: PipelineView,
  publish: (view: PipelineView) => void,
): PipelineSession {
  const session: PipelineSession = {
    id,
    input,
    view: initial,
    callbacks: false,
    show(patch) {
      session.view = { ...session.view, ...patch };
      publish(session.view);
    },
  };
  return session;
}
