import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../shared/config/load.js";

const valid = { AzureWebJobsStorage: "UseDevelopmentStorage=true" };

describe("promotion settings", () => {
  it("reads the approval timeout as seconds", () => {
    expect(loadConfig({ ...valid, PROMOTION_APPROVAL_TIMEOUT: "2d" }).promotion.approvalTimeoutSeconds).toBe(
      172_800,
    );
  });

  it.each(["30s", "31d", "soon"])("refuses the approval timeout %s", (value) => {
    expect(() => loadConfig({ ...valid, PROMOTION_APPROVAL_TIMEOUT: value })).toThrow(
      /PROMOTION_APPROVAL_TIMEOUT/,
    );
  });

  it("allows the development principal only in the local environment", () => {
    expect(loadConfig({ ...valid, PROMOTION_DEV_PRINCIPAL: "true" }).promotion.devPrincipal).toBe(true);
    expect(() => loadConfig({ ...valid, PROMOTION_DEV_PRINCIPAL: "true", APP_ENVIRONMENT: "prod" })).toThrow(
      /PROMOTION_DEV_PRINCIPAL: may only be true when APP_ENVIRONMENT is local/,
    );
  });

  it("never echoes the reminder webhook URL in errors (it may carry a token)", () => {
    const secret = "not a url sig=abc123secret";
    let message = "";
    try {
      loadConfig({ ...valid, PROMOTION_REMINDER_WEBHOOK_URL: secret });
    } catch (err) {
      message = String(err);
    }
    expect(message).toContain("PROMOTION_REMINDER_WEBHOOK_URL");
    expect(message).not.toContain("abc123secret");
  });
});
