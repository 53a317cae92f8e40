import { InvocationContext } from "@azure/functions";
import { describe, expect, it } from "vitest";
import { defineActivity } from "../../../shared/durable/contracts.js";
import { implement, settleActivity } from "../../../shared/durable/implement.js";
import { ConflictError, UpstreamError } from "../../../shared/errors/taxonomy.js";

const Echo = defineActivity<{ text: string }, { echoed: string }>("Echo");

describe("implement", () => {
  it("wraps the value in an ok envelope and passes input and context through", async () => {
    const context = new InvocationContext({ functionName: "Echo" });
    let seen: InvocationContext | undefined;
    const handler = implement(Echo, (input, ctx) => {
      seen = ctx;
      return { echoed: input.text };
    });
    await expect(handler({ text: "hi" }, context)).resolves.toEqual({ ok: true, value: { echoed: "hi" } });
    expect(seen).toBe(context);
  });
});

describe("settleActivity", () => {
  it("returns non-retryable app errors as data with code and message only", async () => {
    const result = await settleActivity(() => {
      throw new ConflictError("lock held", { code: "LOCK_HELD", details: { holder: "x" } });
    });
    expect(result).toEqual({ ok: false, error: { code: "LOCK_HELD", message: "lock held" } });
  });

  it("rethrows retryable app errors so the retry policy applies", async () => {
    const err = new UpstreamError("503");
    await expect(settleActivity(() => Promise.reject(err))).rejects.toBe(err);
  });

  it("rethrows unknown errors", async () => {
    const err = new Error("bug");
    await expect(
      settleActivity(() => {
        throw err;
      }),
    ).rejects.toBe(err);
  });
});
