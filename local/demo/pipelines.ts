import { errorText, type HostApi } from "./host-api.js";
import { StepError } from "./runner.js";

/** `GET /api/pipelines/{id}` (contract: /work/notes/wiring-contracts.md, "Pipeline status"). */
export interface PipelineView {
  readonly instanceId: string;
  readonly runtimeStatus: string;
  readonly outcome: "registered" | "rejected" | "failed" | null;
  readonly steps: readonly { name: string; state: string; runId?: unknown; runUrl?: string | null }[];
  readonly metrics: Record<string, unknown>;
  readonly gate: { passed: boolean; reasons: string[] } | null;
  readonly model: { name: string; version: string; alias: string | null } | null;
  readonly lineage: { path: string } | null;
  readonly error?: string;
}

export interface PipelineItem {
  readonly instanceId: string;
  readonly runtimeStatus: string;
  readonly createdAt: string;
  readonly outcome: string | null;
}

export async function listPipelines(api: HostApi, bundle: string, target: string): Promise<PipelineItem[]> {
  const query = `bundle=${encodeURIComponent(bundle)}&target=${encodeURIComponent(target)}`;
  const response = await api.get(`/api/pipelines?${query}`);
  if (response.status !== 200) throw new StepError(`GET /api/pipelines answered ${errorText(response)}`);
  const items = (response.body as { pipelines?: PipelineItem[] } | null)?.pipelines;
  if (!Array.isArray(items)) throw new StepError("GET /api/pipelines did not return { pipelines: [...] }");
  return items;
}

export async function getPipeline(api: HostApi, id: string): Promise<PipelineView> {
  const response = await api.get(`/api/pipelines/${encodeURIComponent(id)}`);
  if (response.status !== 200)
    throw new StepError(`GET /api/pipelines/${id} answered ${errorText(response)}`);
  return response.body as PipelineView;
}

// Step states as the pipeline reports them: Databricks result states or the runJob outcome kinds.
const SUCCEEDED = new Set(["succeeded", "success", "done", "completed", "registered"]);
const FAILED = new Set([
  "failed",
  "canceled",
  "cancelled",
  "timedout",
  "timed_out",
  "internal_error",
  "internalerror",
  "error",
]);

export type StepProgress = "succeeded" | "failed" | "pending";

/** Where one pipeline step stands, normalised (`SUCCESS`, `succeeded` and `done` all mean it finished well). */
export function stepProgress(view: PipelineView, step: string): StepProgress {
  const state = view.steps.find((s) => s.name === step)?.state.toLowerCase() ?? "";
  if (SUCCEEDED.has(state)) return "succeeded";
  if (FAILED.has(state)) return "failed";
  return "pending";
}

/** Why a pipeline cannot reach `step` any more, from its own status, or undefined while it still can. */
export function pipelineProblem(view: PipelineView, step: string): string | undefined {
  const where = `pipeline ${view.instanceId}`;
  if (stepProgress(view, step) === "failed") {
    return `${where}: step ${step} ended ${view.steps.find((s) => s.name === step)?.state}${view.error ? ` (${view.error})` : ""}`;
  }
  if (view.gate?.passed === false || view.outcome === "rejected")
    return `${where}: the gate rejected the model: ${view.gate?.reasons.join("; ") ?? "no reasons given"}`;
  if (view.outcome === "failed") return `${where} failed${view.error ? `: ${view.error}` : ""}`;
  if (["Failed", "Terminated", "Canceled"].includes(view.runtimeStatus)) {
    return `${where} is ${view.runtimeStatus}${view.error ? `: ${view.error}` : ""}`;
  }
  if (
    view.runtimeStatus === "Completed" &&
    stepProgress(view, step) !== "succeeded" &&
    view.outcome !== "registered"
  ) {
    return `${where} completed without step ${step} succeeding (outcome ${String(view.outcome)})`;
  }
  return undefined;
}

/** One line of where a pipeline is, for the narration. */
export function pipelineNote(view: PipelineView): string {
  const steps = view.steps.map((s) => `${s.name} ${s.state.toLowerCase()}`).join(", ");
  return `${view.runtimeStatus}${steps ? `: ${steps}` : ""}`;
}
