import type { OrchestrationContext, Task } from "durable-functions";
import { callActivity } from "../../durable/call-activity.js";
import type { orchestrationLogger } from "../../durable/orchestration-logger.js";
import {
  APPROVAL_EVENT,
  PostReminderComment,
  SendPromotionReminder,
  type ApprovalDecision,
  type Person,
  type PreflightOutcome,
  type PromotionInput,
} from "./promotion.contracts.js";
import { reminderComment, reminderMarker } from "./reminder-text.js";

type Logger = ReturnType<typeof orchestrationLogger>;
type Ready = Extract<PreflightOutcome, { kind: "ready" }>;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : "unknown");

/** How the wait for a decision ended. */
export type Decision =
  | {
      readonly kind: "approved" | "rejected" | "canceled";
      readonly by: Person;
      readonly comment: string | null;
      readonly at: string;
    }
  | { readonly kind: "timed_out"; readonly at: string };

/** When to remind: at half time, and near the end (a tenth of the wait before, at most an hour). */
export function reminderSchedule(
  startMs: number,
  timeoutMs: number,
): { at: number; when: "half" | "final" }[] {
  const final = startMs + timeoutMs - Math.min(timeoutMs / 10, 3_600_000);
  return [
    { at: startMs + timeoutMs / 2, when: "half" },
    { at: final, when: "final" },
  ];
}

function judge(event: ApprovalDecision, requester: Person): Decision | undefined {
  // The HTTP API refuses self-approval already; this guards raiseEvent calls that bypass it.
  if (event.decision === "approve" && event.by.id === requester.id) return undefined;
  const kind =
    event.decision === "approve" ? "approved" : event.decision === "reject" ? "rejected" : "canceled";
  return { kind, by: event.by, comment: event.comment ?? null, at: event.at };
}

/** A log line always; a comment on the commit and the webhook, each best effort (neither decides anything). */
function* remind(
  ctx: OrchestrationContext,
  input: PromotionInput,
  ready: Ready,
  deadline: string,
  when: "half" | "final",
  log: Logger,
): Generator<Task, void, unknown> {
  const { version } = ready;
  log.info("promotion awaiting approval", { when, deadline, model: input.model, version });
  try {
    yield* callActivity(ctx, PostReminderComment, {
      repository: ready.repository,
      sha: ready.commit,
      marker: reminderMarker(input, when),
      body: reminderComment(input, ready, deadline, when),
    });
  } catch (err) {
    log.warn("approval reminder comment not posted", { when, error: messageOf(err) });
  }
  if (!input.reminderWebhook) return;
  try {
    yield* callActivity(ctx, SendPromotionReminder, {
      promotionId: input.promotionId,
      model: input.model,
      to: input.to,
      version,
      requester: input.requester,
      deadline,
      when,
    });
  } catch (err) {
    // A reminder that cannot be delivered must not decide the promotion.
    log.warn("approval reminder not delivered", { when, error: messageOf(err) });
  }
}

/**
 * Waits for the approval event against the deadline, reminding at half time and near the end.
 * No polling: between events and timers the instance is unloaded and costs nothing. One event task
 * stays open at a time, because durable-functions hands an event to the oldest open wait of its name.
 */
export function* awaitDecision(
  ctx: OrchestrationContext,
  input: PromotionInput,
  ready: Ready,
  log: Logger,
): Generator<Task, Decision, unknown> {
  const start = ctx.df.currentUtcDateTime.getTime();
  const timeoutMs = input.approvalTimeoutSeconds * 1_000;
  const deadline = new Date(start + timeoutMs).toISOString();
  const phases = [
    ...reminderSchedule(start, timeoutMs),
    { at: start + timeoutMs, when: "deadline" as const },
  ];
  let event = ctx.df.waitForExternalEvent(APPROVAL_EVENT);
  for (const phase of phases) {
    for (;;) {
      const timer = ctx.df.createTimer(new Date(phase.at));
      const winner: unknown = yield ctx.df.Task.any([event, timer]);
      if (winner === timer) break;
      timer.cancel();
      const received = event.result as ApprovalDecision;
      event = ctx.df.waitForExternalEvent(APPROVAL_EVENT);
      const decision = judge(received, input.requester);
      if (decision !== undefined) return decision;
      log.warn("self-approval ignored", { by: received.by.id });
    }
    if (phase.when === "deadline") return { kind: "timed_out", at: ctx.df.currentUtcDateTime.toISOString() };
    yield* remind(ctx, input, ready, deadline, phase.when, log);
  }
  return { kind: "timed_out", at: ctx.df.currentUtcDateTime.toISOString() };
}
