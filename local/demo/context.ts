import type { HostApi } from "./host-api.js";
import type { Check } from "./poll.js";
import { pollUntil } from "./poll.js";
import type { StepContext } from "./runner.js";

/** What the story's steps use: the host API, the stack's other endpoints, clocks and limits. */
export interface StoryDeps {
  readonly api: HostApi;
  readonly root: string;
  readonly mlflowUrl: string;
  readonly azurite: { readonly connectionString: string; readonly account: string };
  /** Python of the stack's venv (runs the bundle's data generator). */
  readonly python: string;
  readonly bundle: string;
  readonly from: string;
  readonly to: string;
  /** Registered model per target, from the bundle's sidecar (orchestrator.yml `models`). */
  readonly models: Readonly<Record<string, string>>;
  /** Unique per run: marks this run's promotions (their ids are reused per model and target). */
  readonly runToken: string;
  /** How long the approval wait is watched to show that it costs nothing. */
  readonly idleProbeMs: number;
  readonly timeouts: { readonly deployMs: number; readonly pipelineMs: number; readonly promotionMs: number };
  readonly now: () => number;
  readonly wait: (ms: number) => Promise<unknown>;
}

/** What earlier steps found, for later ones. */
export interface DemoState {
  sha?: string;
  deployInstance?: string;
  /** Pipelines this run started: the baseline (only when prod has no champion yet) and the main one. */
  pipelines: { role: "baseline" | "main"; instanceId: string; date: string }[];
  /** Model and versions registered by this run's pipelines. */
  registered: { role: "baseline" | "main"; model: string; version: string }[];
  /** The champion found before landing (null: none), which decides whether a baseline is needed. */
  championBefore: string | null;
  promotionId?: string;
  idleCost?: {
    before: { events: number; activities: number };
    after: { events: number; activities: number };
    ms: number;
  };
  approvedAt?: number;
  completedMs?: number;
  championModel?: string;
}

export const newState = (): DemoState => ({ pipelines: [], registered: [], championBefore: null });

/** pollUntil with the story's clock, narrating each new state as progress. */
export function poll<T>(
  deps: StoryDeps,
  ctx: StepContext,
  what: string,
  timeoutMs: number,
  check: () => Promise<Check<T>>,
): Promise<T> {
  return pollUntil(check, {
    what,
    timeoutMs,
    intervalMs: 500,
    onNote: (note) => ctx.progress(note),
    now: deps.now,
    wait: deps.wait,
  });
}
