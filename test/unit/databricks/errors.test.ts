import { describe, expect, it } from "vitest";
import { DatabricksError, isAlreadyExists, isNotFound } from "../../../shared/databricks/errors.js";
import type { Reply } from "./fakes.js";
import { rejection, setup } from "./setup.js";

async function failWith(reply: Reply, call: "me" | "jobGet" = "me"): Promise<DatabricksError> {
  const { client, run } = setup([reply], { retry: { maxAttempts: 1 } });
  const p: Promise<unknown> = call === "me" ? client.scim.me() : client.jobs.get("1");
  const err = await rejection(run(p));
  expect(err).toBeInstanceOf(DatabricksError);
  return err as DatabricksError;
}

describe("error mapping", () => {
  it.each([
    ["RESOURCE_DOES_NOT_EXIST", 404, false],
    ["RESOURCE_ALREADY_EXISTS", 400, false],
    ["INVALID_PARAMETER_VALUE", 400, false],
    ["PERMISSION_DENIED", 403, false],
    ["RESOURCE_CONFLICT", 409, false],
    ["INVALID_STATE", 400, false],
    ["FEATURE_DISABLED", 400, false],
    ["REQUEST_LIMIT_EXCEEDED", 429, true],
    ["RESOURCE_EXHAUSTED", 429, true],
    ["TEMPORARILY_UNAVAILABLE", 503, true],
    ["INTERNAL_ERROR", 500, true],
    ["REQUEST_LIMIT_EXCEEDED", 400, true],
  ])("body error_code %s with status %i → errorCode, retryable=%s", async (code, status, retryable) => {
    const err = await failWith({
      status,
      body: { error_code: code, message: "boom" },
      headers: { "x-request-id": "req-1" },
    });
    expect(err).toMatchObject({ errorCode: code, status, retryable, requestId: "req-1" });
    expect(err.message).toContain(`${code}: boom`);
  });

  it.each([
    [400, "BAD_REQUEST"],
    [401, "UNAUTHENTICATED"],
    [403, "PERMISSION_DENIED"],
    [404, "NOT_FOUND"],
    [409, "RESOURCE_CONFLICT"],
    [429, "TOO_MANY_REQUESTS"],
    [500, "INTERNAL_ERROR"],
    [501, "NOT_IMPLEMENTED"],
    [502, "UNKNOWN"],
    [503, "TEMPORARILY_UNAVAILABLE"],
    [504, "DEADLINE_EXCEEDED"],
  ])("status %i without a body → %s", async (status, code) => {
    const err = await failWith({ status, body: "" });
    expect(err.errorCode).toBe(code);
    expect(err.message).toContain(`HTTP ${status}`);
  });

  it("reads SCIM, API 1.2 and plain-text error shapes", async () => {
    expect(
      await failWith({ status: 404, body: { detail: "User not found", status: "404", schemas: [] } }),
    ).toMatchObject({
      errorCode: "SCIM_404",
      message: expect.stringContaining("User not found") as string,
    });
    expect((await failWith({ status: 400, body: { error: "legacy failure" } })).message).toContain(
      "legacy failure",
    );
    expect(await failWith({ status: 502, body: "<html>Bad gateway</html>" })).toMatchObject({
      errorCode: "UNKNOWN",
      retryable: true,
    });
  });

  it("takes the request id from x-databricks-request-id too", async () => {
    const err = await failWith({
      status: 403,
      body: { error_code: "PERMISSION_DENIED" },
      headers: { "x-databricks-request-id": "dbx-9" },
    });
    expect(err.requestId).toBe("dbx-9");
  });

  it("normalises a jobs/get 400 'does not exist' to RESOURCE_DOES_NOT_EXIST", async () => {
    const err = await failWith(
      { status: 400, body: { error_code: "INVALID_PARAMETER_VALUE", message: "Job 1 does not exist." } },
      "jobGet",
    );
    expect(err.errorCode).toBe("RESOURCE_DOES_NOT_EXIST");
    expect(isNotFound(err)).toBe(true);
  });

  it("a 2xx body that is not JSON is INVALID_RESPONSE", async () => {
    expect(await failWith({ status: 200, body: "<html>login</html>" })).toMatchObject({
      errorCode: "INVALID_RESPONSE",
      retryable: false,
    });
  });

  it("predicates accept both spellings", () => {
    const make = (errorCode: string) =>
      new DatabricksError({ errorCode, message: "m", status: 0, retryable: false });
    expect(
      [make("NOT_FOUND"), make("RESOURCE_DOES_NOT_EXIST"), make("INVALID_STATE")].map(isNotFound),
    ).toEqual([true, true, false]);
    expect(
      [make("ALREADY_EXISTS"), make("RESOURCE_ALREADY_EXISTS"), make("NOT_FOUND")].map(isAlreadyExists),
    ).toEqual([true, true, false]);
    expect(isNotFound(new Error("RESOURCE_DOES_NOT_EXIST"))).toBe(false);
  });
});
