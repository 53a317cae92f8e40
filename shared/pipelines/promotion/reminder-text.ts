import type { PreflightOutcome, PromotionInput } from "./promotion.contracts.js";

type Ready = Extract<PreflightOutcome, { kind: "ready" }>;

/** Hidden in the comment: one per promotion record and reminder, so a retry finds the one it posted. */
export function reminderMarker(input: PromotionInput, when: "half" | "final"): string {
  return `<!-- ml-orchestrator:promotion-reminder ${input.recordId} ${when} -->`;
}

/** The reminder comment on the promoted commit (Markdown; the reason is the requester's free text). */
export function reminderComment(
  input: PromotionInput,
  ready: Ready,
  deadline: string,
  when: "half" | "final",
): string {
  const copy = ready.targetModel === ready.sourceModel ? "" : ` (as a version of \`${ready.targetModel}\`)`;
  const urgency =
    when === "half" ? "Half of the approval time has passed." : "The approval deadline is near.";
  return [
    `**Promotion awaiting approval** — ${urgency}`,
    "",
    `\`${ready.sourceModel}\` version ${ready.version} from \`${input.from}\` to \`${input.to}\`${copy}, ` +
      `bundle \`${input.bundle}\` at this commit, requested by ${input.requester.name}: ${input.reason}`,
    "",
    `Approve or reject promotion \`${input.promotionId}\` before ${deadline}; after that it is rejected automatically.`,
    "",
    reminderMarker(input, when),
  ].join("\n");
}
