import type { OrchestrationContext, Task } from "durable-functions";
import type { orchestrationLogger } from "../../durable/orchestration-logger.js";
import { reportDeploy } from "../deploy-on-push/report.orchestrator.js";
import type { ApplyOutcome } from "./apply.orchestrator.js";
import type { Ready } from "./apply-steps.orchestrator.js";
import type { Person, PromotionInput } from "./promotion.contracts.js";

type Logger = ReturnType<typeof orchestrationLogger>;

/** What GitHub shows for a finished promotion: who asked, who approved, what moved or what was undone. */
export function promotionSummary(
  input: PromotionInput,
  ready: Ready,
  applied: ApplyOutcome,
  approver: Person,
): string {
  const who = `requested by ${input.requester.name}, approved by ${approver.name}: ${input.reason}`;
  if (applied.kind === "promoted") {
    const copy =
      ready.targetModel === ready.sourceModel
        ? ""
        : ` (copy of ${ready.sourceModel} version ${ready.version})`;
    return `${ready.targetModel} version ${applied.targetVersion}${copy} is ${ready.aliases.champion} on ${input.to}; ${who}`;
  }
  const undone =
    applied.compensated.length === 0 ? "nothing to undo" : `undone: ${applied.compensated.join(", ")}`;
  const stuck =
    applied.compensationErrors.length === 0 ? "" : `; NOT undone: ${applied.compensationErrors.join("; ")}`;
  return `Promotion failed at ${applied.step}: ${applied.message}; ${undone}${stuck}; ${who}`;
}

/**
 * The promotion's final word on GitHub through the reporting helper's ReportDeploy, keyed by the
 * DeployCommit child's id: the check run `deploy/<to>/<bundle>` on the commit and the deployment to the
 * target's environment that the child created are updated to the promotion's outcome (a smoke failure
 * after a green deploy turns them red) instead of a second pair appearing. Never fails the promotion.
 */
export function* reportPromotion(
  ctx: OrchestrationContext,
  input: PromotionInput,
  ready: Ready,
  applied: ApplyOutcome,
  approver: Person,
  log: Logger,
): Generator<Task, void, unknown> {
  const result = yield* reportDeploy(ctx, {
    repository: ready.repository,
    sha: ready.commit,
    target: input.to,
    bundle: input.bundle,
    phase: applied.kind === "promoted" ? "success" : "failure",
    message: promotionSummary(input, ready, applied, approver),
    correlationId: applied.deployInstanceId,
  });
  if (!result.reported) log.warn("promotion not reported to GitHub", { detail: result.detail ?? null });
}
