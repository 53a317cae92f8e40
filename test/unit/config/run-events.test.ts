import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../shared/config/load.js";

const valid = { AzureWebJobsStorage: "UseDevelopmentStorage=true" };
const password = "p".repeat(24);

describe("run events settings", () => {
  it("turns the callback on only when both user and password are set", () => {
    expect(loadConfig(valid).runEvents.auth).toBeUndefined();
    expect(loadConfig({ ...valid, DATABRICKS_WEBHOOK_USER: "databricks" }).runEvents.auth).toBeUndefined();
    expect(
      loadConfig({ ...valid, DATABRICKS_WEBHOOK_USER: "databricks", DATABRICKS_WEBHOOK_PASSWORD: password })
        .runEvents.auth,
    ).toEqual({ user: "databricks", password });
  });

  it("refuses a short password and a user with a colon, naming the setting but never the value", () => {
    const short = () => loadConfig({ ...valid, DATABRICKS_WEBHOOK_PASSWORD: "hunter2-short" });
    expect(short).toThrow(/DATABRICKS_WEBHOOK_PASSWORD: must be at least 24 characters/);
    expect(short).not.toThrow(/hunter2/);
    expect(() => loadConfig({ ...valid, DATABRICKS_WEBHOOK_USER: "a:b" })).toThrow(/DATABRICKS_WEBHOOK_USER/);
  });
});
