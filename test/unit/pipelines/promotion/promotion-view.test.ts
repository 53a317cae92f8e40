import type { DurableOrchestrationStatus } from "durable-functions";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../../shared/errors/taxonomy.js";
import { guarded } from "../../../../shared/pipelines/promotion/promotion-http.js";
import { statusOf, viewOf } from "../../../../shared/pipelines/promotion/promotion-view.js";

const status = (over: Partial<Record<string, unknown>>) =>
  ({
    instanceId: "promo-1",
    name: "promote",
    runtimeStatus: "Running",
    customStatus: undefined,
    output: null,
    input: {},
    createdTime: new Date("2026-01-01T00:00:00Z"),
    lastUpdatedTime: new Date("2026-01-01T00:00:00Z"),
    ...over,
  }) as unknown as DurableOrchestrationStatus;

describe("promotion status", () => {
  it.each([
    [{ runtimeStatus: "Pending" }, "preflight"],
    [{ customStatus: { step: "awaiting_approval" } }, "awaiting_approval"],
    [{ runtimeStatus: "Completed", output: { kind: "timed_out" } }, "timed_out"],
    [{ runtimeStatus: "Failed", output: "Error: stack with internals" }, "error"],
    [{ runtimeStatus: "Terminated" }, "terminated"],
  ])("%j → %s", (over, expected) => {
    expect(statusOf(status(over))).toBe(expected);
  });

  it("never shows a failed instance's error text", () => {
    expect(viewOf(status({ runtimeStatus: "Failed", output: "Error: secret internals" })).result).toBeNull();
  });

  it("maps unexpected errors to an opaque 500", async () => {
    const res = await guarded(() => Promise.reject(new ConfigError([{ name: "X", reason: "bad" }])));
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.jsonBody)).not.toContain("X: bad");
  });
});
