import type { GateCheck } from "../gate.js";

/** The pipeline's steps, in order. */
export const STEPS = ["train", "evaluate", "register"] as const;
export type PipelineStep = (typeof STEPS)[number];

/** `pending` until started; `running` while its runJob child watches the run; then how the run ended. */
export type StepState =
  | "pending"
  | "running"
  | "succeeded"
  | "failed"
  | "canceled"
  | "timedOut"
  | "skipped"
  | "internalError"
  | "notStarted"
  /** Databricks refused reading the run any more (deleted, permission withdrawn): it may still run. */
  | "lost";

export interface StepView {
  readonly name: PipelineStep;
  readonly state: StepState;
  readonly runId: string | null;
  readonly runUrl: string | null;
  /** The runJob sub-orchestration watching the run, for status look-ups while it runs. */
  readonly instanceId: string | null;
}

export type PipelineOutcome = "registered" | "rejected" | "failed";

/**
 * Everything the status API shows, kept as the orchestration's custom status while it runs and returned
 * as its output when it ends (so a finished pipeline needs no other store). JSON only.
 */
export interface PipelineView {
  readonly phase: string;
  readonly bundle: string | null;
  readonly target: string;
  readonly outcome: PipelineOutcome | null;
  readonly steps: readonly StepView[];
  readonly trainRunId: string | null;
  readonly metrics: Readonly<Record<string, number>>;
  readonly champion: { readonly version: string; readonly runId: string | null } | null;
  readonly gate: {
    readonly passed: boolean;
    readonly reasons: readonly string[];
    readonly checks: readonly GateCheck[];
  } | null;
  readonly model: { readonly name: string; readonly version: string; readonly alias: string } | null;
  readonly deployment: { readonly serial: number; readonly commit: string | null } | null;
  readonly lineage: { readonly path: string } | null;
  readonly error?: string;
}

export function initialView(target: string): PipelineView {
  return {
    phase: "resolving",
    bundle: null,
    target,
    outcome: null,
    steps: STEPS.map((name) => ({ name, state: "pending", runId: null, runUrl: null, instanceId: null })),
    trainRunId: null,
    metrics: {},
    champion: null,
    gate: null,
    model: null,
    deployment: null,
    lineage: null,
  };
}

/** The view with one step replaced. */
export function withStep(view: PipelineView, step: PipelineStep, patch: Partial<StepView>): PipelineView {
  return { ...view, steps: view.steps.map((s) => (s.name === step ? { ...s, ...patch } : s)) };
}

/** The child instance of one attempt of one step: derived, so a replay or restart finds the same child. */
export function stepInstanceId(pipelineInstanceId: string, step: PipelineStep, attempt: number): string {
  return `${pipelineInstanceId}:${step}:${attempt}`;
}
