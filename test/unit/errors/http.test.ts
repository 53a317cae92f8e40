import { describe, expect, it } from "vitest";
import { AppError } from "../../../shared/errors/app-error.js";
import { toHttpResponse } from "../../../shared/errors/http.js";
import {
  ConfigError,
  NotFoundError,
  UpstreamError,
  ValidationError,
} from "../../../shared/errors/taxonomy.js";

describe("toHttpResponse", () => {
  it("shows the code, message and details of client errors", () => {
    const res = toHttpResponse(new ValidationError("ref is required", { details: { field: "ref" } }));
    expect(res.status).toBe(400);
    expect(res.jsonBody).toEqual({
      error: { code: "VALIDATION_FAILED", message: "ref is required", details: { field: "ref" } },
    });
  });

  it("omits details when there are none", () => {
    expect(toHttpResponse(new NotFoundError("no such run")).jsonBody).toEqual({
      error: { code: "NOT_FOUND", message: "no such run" },
    });
  });

  it("keeps the code but hides the message of server-side app errors", () => {
    const res = toHttpResponse(new UpstreamError("GET https://x/api?token=dapi123 failed: 500"));
    expect(res.status).toBe(502);
    expect(res.jsonBody).toEqual({
      error: { code: "UPSTREAM_FAILED", message: "An upstream service failed" },
    });
  });

  it("does not reveal which settings are broken to an HTTP caller", () => {
    const res = toHttpResponse(new ConfigError([{ name: "AzureWebJobsStorage", reason: "is required" }]));
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.jsonBody)).not.toContain("AzureWebJobsStorage");
  });

  it.each([new Error("password=hunter2"), "a string", undefined, { code: "NOT_FOUND", status: 404 }])(
    "turns the unknown value %j into a generic 500",
    (thrown) => {
      const res = toHttpResponse(thrown);
      expect(res.status).toBe(500);
      expect(res.jsonBody).toEqual({ error: { code: "INTERNAL", message: "Internal server error" } });
    },
  );

  it("honours an explicit expose flag", () => {
    const err = new AppError({ code: "TEAPOT", message: "short and stout", status: 418, expose: false });
    expect(toHttpResponse(err).jsonBody).toEqual({ error: { code: "TEAPOT", message: "Request failed" } });
  });

  it("marks error responses as not cacheable", () => {
    expect(toHttpResponse(new Error("x")).headers).toEqual({ "cache-control": "no-store" });
  });
});
