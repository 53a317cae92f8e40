import { describe, expect, it } from "vitest";
import { defineActivity } from "../../../shared/durable/contracts.js";
import { RetryPolicies } from "../../../shared/durable/retry-policies.js";

describe("defineActivity", () => {
  it("returns a frozen contract with the name and optional default retry", () => {
    const plain = defineActivity<{ a: number }, string>("SubmitRun");
    expect(plain).toEqual({ name: "SubmitRun", retry: undefined });
    expect(Object.isFrozen(plain)).toBe(true);
    expect(defineActivity("PollRun", { retry: RetryPolicies.databricks }).retry).toBe(
      RetryPolicies.databricks,
    );
  });

  it.each(["", "1Run", "submit-run", "a/b", "x".repeat(128)])("rejects the name %j", (name) => {
    expect(() => defineActivity(name)).toThrow(TypeError);
  });
});
