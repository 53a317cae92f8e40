import { describe, expect, it } from "vitest";
import { AppError, isAppError } from "../../../shared/errors/app-error.js";

describe("AppError", () => {
  it("carries code, status, retryable, details and cause", () => {
    const cause = new Error("socket hang up");
    const err = new AppError({
      code: "RUN_FAILED",
      message: "run failed",
      status: 409,
      retryable: true,
      details: { runId: 42 },
      cause,
    });
    expect(err).toMatchObject({ code: "RUN_FAILED", status: 409, retryable: true, details: { runId: 42 } });
    expect(err.cause).toBe(cause);
    expect(err.name).toBe("AppError");
    expect(err).toBeInstanceOf(Error);
  });

  it("defaults to a non-retryable, unexposed 500", () => {
    const err = new AppError({ code: "BOOM", message: "boom" });
    expect(err).toMatchObject({ status: 500, retryable: false, expose: false, details: undefined });
  });

  it("exposes 4xx messages by default", () => {
    expect(new AppError({ code: "BAD", message: "bad", status: 400 }).expose).toBe(true);
  });

  it.each(["lower_case", "Mixed_Case", "TRAILING_", "_LEADING", "DOUBLE__UNDERSCORE", "WITH-DASH", ""])(
    "rejects the non SCREAMING_SNAKE code %j",
    (code) => {
      expect(() => new AppError({ code, message: "x" })).toThrow(TypeError);
    },
  );

  it("recognises app errors and nothing else", () => {
    expect(isAppError(new AppError({ code: "X", message: "x" }))).toBe(true);
    expect(isAppError(new Error("x"))).toBe(false);
    expect(isAppError({ code: "X", message: "x" })).toBe(false);
  });
});
