import type { OrchestrationContext, Task } from "durable-functions";
import { callActivity, scheduleActivity, whenAll } from "../../../shared/durable/call-activity.js";
import { orchestrationLogger } from "../../../shared/durable/orchestration-logger.js";
import { CheckGate, Deploy, Notify, type ApprovalInput, type ApprovalOutput } from "./approval.contracts.js";

/** Example: gate, wait for approval with a timeout, fan out deploys, notify. Exercises every harness feature. */
export function* approvalOrchestrator(ctx: OrchestrationContext): Generator<Task, ApprovalOutput, unknown> {
  const input = ctx.df.getInput<ApprovalInput>();
  const log = orchestrationLogger(ctx, { targets: input.targets.join(",") });

  ctx.df.setCustomStatus({ step: "gate" });
  const gate = yield* callActivity(ctx, CheckGate, { metric: input.metric });
  if (gate.kind === "rejected") return { kind: "gateFailed" };

  ctx.df.setCustomStatus({ step: "approval" });
  log.info("waiting for approval");
  const deadline = new Date(ctx.df.currentUtcDateTime.getTime() + input.approvalTimeoutMinutes * 60_000);
  const timeout = ctx.df.createTimer(deadline);
  const approval = ctx.df.waitForExternalEvent("Approval");
  const winner: unknown = yield ctx.df.Task.any([approval, timeout]);
  if (winner === timeout) return { kind: "timedOut" };
  timeout.cancel();
  const decision = approval.result as { approved: boolean; by: string };
  if (!decision.approved) return { kind: "rejected" };

  ctx.df.setCustomStatus({ step: "deploy" });
  const deployed = yield* whenAll(
    ctx,
    input.targets.map((target) => scheduleActivity(ctx, Deploy, { target })),
  );
  for (const target of input.targets) yield* callActivity(ctx, Notify, { target, outcome: "deployed" });
  log.info("deployed");
  return { kind: "deployed", deploymentIds: deployed.map((d) => d.deploymentId), approvedBy: decision.by };
}
