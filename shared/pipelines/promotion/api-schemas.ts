import { z } from "zod";

/**
 * Request bodies of the promotion API (issue #8). docs/api/openapi.yaml describes the same shapes;
 * test/unit/pipelines/promotion/openapi.test.ts keeps the two in sync.
 */

/**
 * Free text (reason, comment) ends up in the ledger line, the orchestration status and a GitHub check
 * summary, which holds at most 65,535 characters for the whole report (../shared/reference/field-facts.md,
 * "GitHub surfaces have limits"); 4,000 leaves room for the rest and keeps ledger lines small.
 */
export const TEXT_MAX_CHARS = 4_000;
/** Bodies are a few fields; anything larger is refused before parsing (413). */
export const BODY_MAX_BYTES = 16_384;

const text = (what: string) =>
  z
    .string()
    .trim()
    .max(TEXT_MAX_CHARS, { error: `${what} must be at most ${TEXT_MAX_CHARS} characters` });

// Same grammars as the sidecar config (shared/pipelines/config/schema.ts).
const bundle = z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, { error: "must be a bundle name" });
const target = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, { error: "must be a bundle target name" });
const model = z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+){0,2}$/, {
  error: "must be catalog.schema.model (Unity Catalog) or a workspace registry model name",
});
const version = z.string().regex(/^[1-9][0-9]{0,9}$/, { error: "must be a model version number" });

export const startPromotionBody = z
  .strictObject({
    bundle,
    model,
    version: version.optional(),
    from: target,
    to: target,
    reason: text("reason").min(1, { error: "reason is required" }),
  })
  .refine((b) => b.from !== b.to, { error: "from and to must be different targets", path: ["to"] });

export const decisionBody = z.strictObject({ comment: text("comment").optional() });

export const rollbackBody = z.strictObject({
  model,
  target,
  reason: text("reason").min(1, { error: "reason is required" }),
});

/** Values of `GET /api/promotions?status=`: the steps of a running promotion and how it ended. */
export const promotionStatuses = [
  "preflight",
  "awaiting_approval",
  "deploying",
  "promoting",
  "smoke",
  "compensating",
  "planning",
  "rolling_back",
  "promoted",
  "rejected",
  "canceled",
  "timed_out",
  "refused",
  "failed",
  "rolled_back",
  "impossible",
  "error",
  "terminated",
] as const;
export type PromotionStatus = (typeof promotionStatuses)[number];
export const statusQuery = z.enum(promotionStatuses, {
  error: `status must be one of ${promotionStatuses.join(", ")}`,
});

export type StartPromotionBody = z.output<typeof startPromotionBody>;
export type DecisionBody = z.output<typeof decisionBody>;
export type RollbackBody = z.output<typeof rollbackBody>;
