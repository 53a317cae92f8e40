import { describe, expect, it } from "vitest";
import { afterFailure, deliveryOutcome, retryDelaySeconds } from "../../../local/eventgrid/retry.js";

const policy = { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 };

describe("Event Grid retry policy", () => {
  it("follows the documented schedule, then every 12 hours", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(retryDelaySeconds)).toEqual([
      10, 30, 60, 300, 600, 1800, 3600, 10800, 21600, 43200, 43200,
    ]);
  });

  it("retries server errors, timeouts and 404s, scaled by timeScale", () => {
    for (const status of [500, 503, 404, 408, 429, undefined]) {
      expect(afterFailure({ attempts: 2, status, endpoint: "webhook", ageMs: 0 }, policy, 0.5)).toEqual({
        kind: "retry",
        delayMs: 15_000,
      });
    }
  });

  it("never retries configuration errors; a 401 is retried for a function endpoint only", () => {
    for (const status of [400, 401, 403, 413]) {
      expect(afterFailure({ attempts: 1, status, endpoint: "webhook", ageMs: 0 }, policy, 1).kind).toBe(
        "deadLetter",
      );
    }
    expect(afterFailure({ attempts: 1, status: 401, endpoint: "function", ageMs: 0 }, policy, 1).kind).toBe(
      "retry",
    );
    expect(afterFailure({ attempts: 1, status: 400, endpoint: "function", ageMs: 0 }, policy, 1)).toEqual({
      kind: "deadLetter",
      reason: "UndeliverableDueToHttpBadRequest",
    });
  });

  it("stops at maxDeliveryAttempts or the time to live, whichever comes first", () => {
    const three = { maxDeliveryAttempts: 3, eventTimeToLiveInMinutes: 1440 };
    expect(afterFailure({ attempts: 2, status: 500, endpoint: "webhook", ageMs: 0 }, three, 1).kind).toBe(
      "retry",
    );
    expect(afterFailure({ attempts: 3, status: 500, endpoint: "webhook", ageMs: 0 }, three, 1)).toEqual({
      kind: "deadLetter",
      reason: "MaxDeliveryAttemptsExceeded",
    });
    // 30 minutes to live: 16 min 40 s in, the wait after attempt 5 (10 min) fits, the one after attempt 6 (30 min) does not.
    const short = { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 30 };
    expect(
      afterFailure({ attempts: 6, status: 500, endpoint: "webhook", ageMs: 1_000_000 }, short, 1),
    ).toEqual({
      kind: "deadLetter",
      reason: "TimeToLiveExceeded",
    });
    expect(
      afterFailure({ attempts: 5, status: 500, endpoint: "webhook", ageMs: 1_000_000 }, short, 1).kind,
    ).toBe("retry");
  });

  it("names outcomes as dead letters do", () => {
    expect([200, 400, 401, 403, 404, 500, undefined].map(deliveryOutcome)).toEqual([
      "Succeeded",
      "BadRequest",
      "Unauthorized",
      "Forbidden",
      "NotFound",
      "GenericError",
      "TimedOut",
    ]);
  });
});
