import type { PipelineOutcome, PipelineView, StepState } from "./view.js";

/** One orchestration instance as the status API reads it (a subset of DurableOrchestrationStatus). */
export interface InstanceStatus {
  readonly name: string;
  readonly instanceId: string;
  readonly createdTime: string;
  readonly runtimeStatus: string;
  readonly input?: unknown;
  readonly customStatus?: unknown;
  readonly output?: unknown;
}

/** `GET /api/pipelines/{instanceId}` (docs/api/openapi.yaml; contract in the team's wiring notes). */
export interface PipelineStatusBody {
  readonly instanceId: string;
  readonly runtimeStatus: string;
  readonly bundle: string | null;
  readonly target: string | null;
  readonly outcome: PipelineOutcome | null;
  readonly steps: readonly {
    readonly name: string;
    readonly state: StepState;
    readonly runId: string | null;
    readonly runUrl: string | null;
  }[];
  readonly metrics: Readonly<Record<string, number>>;
  readonly gate: { readonly passed: boolean; readonly reasons: readonly string[] } | null;
  readonly model: { readonly name: string; readonly version: string; readonly alias: string } | null;
  readonly lineage: { readonly path: string } | null;
  readonly error?: string;
}

export interface PipelineListItem {
  readonly instanceId: string;
  readonly runtimeStatus: string;
  readonly createdAt: string;
  readonly outcome: PipelineOutcome | null;
}

const isView = (v: unknown): v is PipelineView =>
  typeof v === "object" && v !== null && Array.isArray((v as { steps?: unknown }).steps);

/** The finished view (output) or the running one (custom status); null before the first episode. */
export function viewOf(status: InstanceStatus): PipelineView | null {
  if (isView(status.output)) return status.output;
  return isView(status.customStatus) ? status.customStatus : null;
}

const targetOfInput = (input: unknown): string | null => {
  const target = (input as { key?: { target?: unknown } } | null)?.key?.target;
  return typeof target === "string" ? target : null;
};

/**
 * Why an instance that did not complete stopped. A failed orchestration's own error text stays in the
 * logs (it may quote upstream responses); a terminate reason was written by an operator and is shown.
 */
function errorOf(status: InstanceStatus, view: PipelineView | null): string | undefined {
  if (status.runtimeStatus === "Failed")
    return `the orchestration failed unexpectedly; see the app logs for instance ${status.instanceId}`;
  if (status.runtimeStatus === "Terminated") {
    const reason = typeof status.output === "string" && status.output !== "" ? `: ${status.output}` : "";
    return `terminated${reason}`;
  }
  return view?.error;
}

export function statusBody(status: InstanceStatus): PipelineStatusBody {
  const view = viewOf(status);
  const error = errorOf(status, view);
  return {
    instanceId: status.instanceId,
    runtimeStatus: status.runtimeStatus,
    bundle: view?.bundle ?? null,
    target: view?.target ?? targetOfInput(status.input),
    outcome: view?.outcome ?? null,
    steps: (view?.steps ?? []).map(({ name, state, runId, runUrl }) => ({ name, state, runId, runUrl })),
    metrics: view?.metrics ?? {},
    gate: view?.gate ? { passed: view.gate.passed, reasons: view.gate.reasons } : null,
    model: view?.model ?? null,
    lineage: view?.lineage ?? null,
    ...(error === undefined ? {} : { error }),
  };
}

/** Pipelines of a bundle and target (either filter optional), newest first. */
export function listBody(
  statuses: readonly InstanceStatus[],
  filter: { readonly bundle?: string; readonly target?: string },
  orchestration: string,
): { pipelines: PipelineListItem[] } {
  const pipelines = statuses
    .filter((s) => s.name === orchestration)
    .map((s) => ({ status: s, view: viewOf(s) }))
    .filter(({ view }) => filter.bundle === undefined || view?.bundle === filter.bundle)
    .filter(
      ({ status, view }) =>
        filter.target === undefined || (view?.target ?? targetOfInput(status.input)) === filter.target,
    )
    .sort((a, b) =>
      a.status.createdTime < b.status.createdTime ? 1 : a.status.createdTime > b.status.createdTime ? -1 : 0,
    )
    .map(({ status, view }) => ({
      instanceId: status.instanceId,
      runtimeStatus: status.runtimeStatus,
      createdAt: status.createdTime,
      outcome: view?.outcome ?? null,
    }));
  return { pipelines };
}
