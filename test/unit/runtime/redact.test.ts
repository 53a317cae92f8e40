import { describe, expect, it } from "vitest";
import { isSecretName, redact, redactString, REDACTED } from "../../../shared/runtime/redact.js";

describe("isSecretName", () => {
  it.each([
    "token",
    "accessToken",
    "client_secret",
    "apiKey",
    "AccountKey",
    "password",
    "Authorization",
    "x-hub-signature-256",
    "sig",
    "AzureWebJobsStorageConnectionString",
    "connection_string",
    "cookie",
  ])("treats %s as secret", (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each(["deliveryId", "instanceId", "runId", "target", "monkey", "keyboardLayout", "tokenizer", "signed"])(
    "treats %s as harmless",
    (name) => {
      expect(isSecretName(name)).toBe(false);
    },
  );
});

describe("redactString", () => {
  it.each([
    ["Authorization: Bearer eyJhbGciOi.J9.abc", "Authorization: Bearer [REDACTED]"],
    [
      "https://a.blob.core.windows.net/c/b?sv=2022&sig=abc%2Bdef&se=1",
      "https://a.blob.core.windows.net/c/b?sv=2022&sig=[REDACTED]&se=1",
    ],
    [
      "AccountName=a;AccountKey=c2VjcmV0==;EndpointSuffix=x",
      "AccountName=a;AccountKey=[REDACTED];EndpointSuffix=x",
    ],
    ["pat dapi0123456789abcdef0123456789abcdef-2 used", "pat [REDACTED] used"],
    ["ghs_16C7e42F292c6912E7710c838347Ae178B4a here", "[REDACTED] here"],
  ])("masks %s", (input, expected) => {
    expect(redactString(input)).toBe(expected);
  });

  it("leaves ordinary text alone", () => {
    expect(redactString("run 42 finished in 3s")).toBe("run 42 finished in 3s");
  });
});

describe("redact", () => {
  it("masks secret-named fields at any depth and secret fragments in values", () => {
    const out = redact({
      runId: 7,
      headers: { authorization: "Bearer x", accept: "json" },
      items: [{ password: "p" }, "token: Bearer abc"],
    });
    expect(out).toEqual({
      runId: 7,
      headers: { authorization: REDACTED, accept: "json" },
      items: [{ password: REDACTED }, "token: Bearer [REDACTED]"],
    });
  });

  it("keeps name, message, code and cause of errors but not the stack", () => {
    const err = Object.assign(new Error("failed with sig=abc"), { code: "E_X" });
    err.cause = new Error("inner");
    expect(redact(err)).toEqual({
      name: "Error",
      message: "failed with sig=[REDACTED]",
      code: "E_X",
      cause: { name: "Error", message: "inner" },
    });
  });

  it("survives cycles, deep nesting, dates and bigints", () => {
    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic["self"] = cyclic;
    expect(redact(cyclic)).toEqual({ n: 1, self: "[Circular]" });
    let deep: unknown = "bottom";
    for (let i = 0; i < 20; i++) deep = { deep };
    expect(JSON.stringify(redact(deep))).toContain("[Truncated]");
    expect(redact({ at: new Date("2026-01-01T00:00:00Z"), n: 10n })).toEqual({
      at: "2026-01-01T00:00:00.000Z",
      n: "10",
    });
  });
});
