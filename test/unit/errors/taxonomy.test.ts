import { describe, expect, it } from "vitest";
import { AppError } from "../../../shared/errors/app-error.js";
import {
  ConfigError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  UpstreamError,
  ValidationError,
} from "../../../shared/errors/taxonomy.js";

describe("error taxonomy", () => {
  it.each([
    [new ValidationError("m"), "ValidationError", "VALIDATION_FAILED", 400, false],
    [new UnauthorizedError("m"), "UnauthorizedError", "UNAUTHORIZED", 401, false],
    [new ForbiddenError("m"), "ForbiddenError", "FORBIDDEN", 403, false],
    [new NotFoundError("m"), "NotFoundError", "NOT_FOUND", 404, false],
    [new ConflictError("m"), "ConflictError", "CONFLICT", 409, false],
    [new PayloadTooLargeError("m"), "PayloadTooLargeError", "PAYLOAD_TOO_LARGE", 413, false],
    [new UpstreamError("m"), "UpstreamError", "UPSTREAM_FAILED", 502, true],
  ] as const)("%o has name %s, code %s, status %i, retryable %s", (err, name, code, status, retryable) => {
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ name, code, status, retryable, message: "m" });
  });

  it("lets a subclass take a more specific code", () => {
    expect(new NotFoundError("no run", { code: "RUN_NOT_FOUND" }).code).toBe("RUN_NOT_FOUND");
  });

  it("lets an upstream error say it is not worth retrying", () => {
    expect(new UpstreamError("bad request upstream", { retryable: false }).retryable).toBe(false);
  });

  it("lists every config problem by name and reason", () => {
    const err = new ConfigError([
      { name: "A", reason: "is required" },
      { name: "B", reason: "must be node" },
    ]);
    expect(err.code).toBe("CONFIG_INVALID");
    expect(err.problems.map((p) => p.name)).toEqual(["A", "B"]);
    expect(err.message).toBe("Invalid configuration: A: is required; B: must be node");
    expect(Object.isFrozen(err.problems)).toBe(true);
  });
});
