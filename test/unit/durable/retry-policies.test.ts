import * as df from "durable-functions";
import { describe, expect, it } from "vitest";
import { RetryPolicies, retryPolicy } from "../../../shared/durable/retry-policies.js";

describe("retryPolicy", () => {
  it("builds frozen RetryOptions with backoff and a cap, and no retry timeout", () => {
    const policy = retryPolicy({
      firstRetryIntervalMs: 500,
      maxAttempts: 4,
      backoffCoefficient: 3,
      maxRetryIntervalMs: 9_000,
    });
    expect(policy).toBeInstanceOf(df.RetryOptions);
    expect({ ...policy }).toEqual({
      firstRetryIntervalInMilliseconds: 500,
      maxNumberOfAttempts: 4,
      backoffCoefficient: 3,
      maxRetryIntervalInMilliseconds: 9_000,
    });
    expect(Object.isFrozen(policy)).toBe(true);
  });

  it("rejects a zero first interval, as durable-functions does", () => {
    expect(() =>
      retryPolicy({ firstRetryIntervalMs: 0, maxAttempts: 1, backoffCoefficient: 1, maxRetryIntervalMs: 1 }),
    ).toThrow(RangeError);
  });

  it.each(Object.entries(RetryPolicies))(
    "%s retries more than once with a bounded backoff",
    (_name, policy) => {
      expect(policy.maxNumberOfAttempts).toBeGreaterThan(1);
      expect(policy.backoffCoefficient).toBeGreaterThanOrEqual(1);
      expect(policy.maxRetryIntervalInMilliseconds).toBeGreaterThanOrEqual(
        policy.firstRetryIntervalInMilliseconds,
      );
      expect(policy.retryTimeoutInMilliseconds).toBeUndefined();
    },
  );
});
