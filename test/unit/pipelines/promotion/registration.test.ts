import functions from "@azure/functions";
import { describe, expect, it } from "vitest";

/**
 * Captures what functions/promotions.ts registers. Every registration there goes through durable-functions,
 * which calls `app.generic` and `app.http` on the exports object (the stubbing durable-js's own tests use),
 * so replacing both sees them all (../shared/reference/durable-protocol.md, "Three ways to capture registrations").
 */
async function registrations() {
  const seen: { name: string; options: Record<string, unknown> }[] = [];
  const { generic, http } = functions.app;
  functions.app.generic = (name: string, options: unknown) => {
    seen.push({ name, options: options as Record<string, unknown> });
  };
  // df.app.client.http hands its HTTP functions to app.http, also through the exports object.
  functions.app.http = (name, options) => {
    seen.push({ name, options: { trigger: { type: "httpTrigger", ...options } } });
  };
  try {
    await import("../../../../functions/promotions.js");
  } finally {
    functions.app.generic = generic;
    functions.app.http = http;
  }
  return seen;
}

describe("functions/promotions.ts", () => {
  it("registers the seven API functions with function keys, the two orchestrations and their activities", async () => {
    const seen = await registrations();
    const http = seen
      .map(({ name, options }) => ({ name, trigger: options.trigger as Record<string, unknown> }))
      .filter((r) => r.trigger.type === "httpTrigger")
      .map(
        (r) =>
          `${String((r.trigger.methods as string[])[0])} ${String(r.trigger.route)} ${r.name} ${String(r.trigger.authLevel)}`,
      );
    expect(http.sort()).toEqual(
      [
        "POST promotions promotionsStart function",
        "GET promotions promotionsList function",
        "POST promotions/rollback promotionsRollback function",
        "GET promotions/{id} promotionsGet function",
        "POST promotions/{id}/approve promotionsApprove function",
        "POST promotions/{id}/reject promotionsReject function",
        "POST promotions/{id}/cancel promotionsCancel function",
      ].sort(),
    );
    const orchestrations = seen
      .filter(({ options }) => (options.trigger as Record<string, unknown>).type === "orchestrationTrigger")
      .map((r) => r.name);
    expect(orchestrations).toEqual(["promote", "rollbackChampion"]);
    // Every activity the orchestrations call, registered without building the runtime at load.
    const activities = seen
      .filter(({ options }) => (options.trigger as Record<string, unknown>).type === "activityTrigger")
      .map((r) => r.name);
    expect(activities.sort()).toEqual(
      [
        "AppendLedgerRecord",
        "FindModelCopy",
        "GetModelAlias",
        "PostReminderComment",
        "PreflightPromotion",
        "ReadLedger",
        "RemoveModelAlias",
        "ResolveBundleJob",
        "SendPromotionReminder",
        "SetModelAlias",
        "SubmitModelCopy",
      ].sort(),
    );
  });
});
