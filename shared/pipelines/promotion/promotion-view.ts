import type { DurableOrchestrationStatus } from "durable-functions";
import type { PromotionStatus } from "./api-schemas.js";
import { PROMOTE_ORCHESTRATION, ROLLBACK_ORCHESTRATION } from "./promotion.contracts.js";

/** What the API shows of one promotion or rollback instance. */
export interface PromotionView {
  readonly id: string;
  readonly kind: "promotion" | "rollback";
  readonly status: PromotionStatus;
  readonly running: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly input: unknown;
  readonly progress: unknown;
  readonly result: unknown;
}

/** States in which an instance still runs and holds its (model, target) slot. */
const RUNNING = new Set(["Pending", "Running", "ContinuedAsNew", "Suspended"]);

export function isRunning(status: Pick<DurableOrchestrationStatus, "runtimeStatus">): boolean {
  return RUNNING.has(String(status.runtimeStatus));
}

/** Which of our orchestrations an instance is; undefined for anything else in the task hub. */
export function kindOf(status: Pick<DurableOrchestrationStatus, "name">): PromotionView["kind"] | undefined {
  const name = status.name.toLowerCase();
  if (name === PROMOTE_ORCHESTRATION.toLowerCase()) return "promotion";
  if (name === ROLLBACK_ORCHESTRATION.toLowerCase()) return "rollback";
  return undefined;
}

const field = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;

/** The business status: the current step while running, the outcome's kind once completed. */
export function statusOf(status: DurableOrchestrationStatus): PromotionStatus {
  const runtime = String(status.runtimeStatus);
  if (RUNNING.has(runtime)) {
    const step = field(status.customStatus, "step");
    return typeof step === "string" && step !== "done" ? (step as PromotionStatus) : "preflight";
  }
  if (runtime === "Completed") {
    const kind = field(status.output, "kind");
    return typeof kind === "string" ? (kind as PromotionStatus) : "error";
  }
  return runtime === "Terminated" || runtime === "Canceled" ? "terminated" : "error";
}

export function viewOf(status: DurableOrchestrationStatus): PromotionView {
  const date = (d: Date | string) => new Date(d).toISOString();
  return {
    id: status.instanceId,
    kind: kindOf(status) ?? "promotion",
    status: statusOf(status),
    running: isRunning(status),
    createdAt: date(status.createdTime),
    updatedAt: date(status.lastUpdatedTime),
    input: status.input,
    progress: status.customStatus ?? null,
    // A failed instance's output is the host's error text, which can name internals: not shown.
    result: String(status.runtimeStatus) === "Completed" ? (status.output ?? null) : null,
  };
}
