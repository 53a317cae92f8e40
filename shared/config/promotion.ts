import { z } from "zod";
import { parseDuration } from "../pipelines/config/duration.js";
import { defineGroup, setting } from "./setting.js";

// Kept as text so docs show `72h`; `read` turns it into seconds. At least a minute (reminders at half
// time and near the end need room), at most GitHub's 30-day approval limit.
const approvalTimeout = z
  .string()
  .refine(
    (text) => {
      const seconds = parseDuration(text);
      return seconds !== undefined && seconds >= 60 && seconds <= 30 * 86_400;
    },
    { error: "must be a duration from 1m to 30d, like 72h" },
  )
  .default("72h");

const flag = z.enum(["true", "false"], { error: "must be true or false" }).default("false");

/** Settings of promotion with approval (issue #8). */
export const promotionSettings = defineGroup(
  "Promotion",
  {
    PROMOTION_APPROVAL_TIMEOUT: setting(approvalTimeout, {
      description:
        "How long a promotion waits for a decision before it is rejected automatically (e.g. 72h, 2d). Reminders go out at half time and near the end.",
      secret: false,
    }),
    PROMOTION_REMINDER_WEBHOOK_URL: setting(z.url({ error: "must be an http(s) URL" }).optional(), {
      description:
        "Optional URL that receives a JSON POST for each approval reminder (a chat webhook, for example). Unset: reminders are log lines only.",
      secret: true,
    }),
    PROMOTION_DEV_PRINCIPAL: setting(flag, {
      description:
        "Local development only: accept the x-dev-principal header (`name; roles=Promotion.Request,Promotion.Approve`) instead of App Service authentication, so a demo can act as two people. Refused unless APP_ENVIRONMENT is local.",
      secret: false,
    }),
  },
  (v) => ({
    approvalTimeoutSeconds: parseDuration(v.PROMOTION_APPROVAL_TIMEOUT) ?? 72 * 3_600,
    reminderWebhookUrl: v.PROMOTION_REMINDER_WEBHOOK_URL,
    devPrincipal: v.PROMOTION_DEV_PRINCIPAL === "true",
  }),
);

/** The development principal header must never be accepted outside the local environment. */
export function promotionProblems(
  env: Readonly<Record<string, unknown>>,
): { name: string; reason: string }[] {
  const local = env.APP_ENVIRONMENT === undefined || env.APP_ENVIRONMENT === "local";
  if (env.PROMOTION_DEV_PRINCIPAL === "true" && !local) {
    return [{ name: "PROMOTION_DEV_PRINCIPAL", reason: "may only be true when APP_ENVIRONMENT is local" }];
  }
  return [];
}
