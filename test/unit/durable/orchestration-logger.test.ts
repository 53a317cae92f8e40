import { describe, expect, it } from "vitest";
import { orchestrationLogger } from "../../../shared/durable/orchestration-logger.js";

function fakeContext() {
  const lines: unknown[][] = [];
  const record =
    (level: string) =>
    (...args: unknown[]) =>
      lines.push([level, ...args]);
  const ctx = {
    debug: record("debug"),
    info: record("info"),
    warn: record("warn"),
    error: record("error"),
    df: { isReplaying: true, instanceId: "gh-1" },
  };
  return { ctx, lines };
}

describe("orchestrationLogger", () => {
  it("is silent while replaying and speaks once replay ends, tagging the instance", () => {
    const { ctx, lines } = fakeContext();
    const log = orchestrationLogger(ctx, { deliveryId: "d-1" });
    log.info("deploy started");
    ctx.df.isReplaying = false;
    log.info("deploy finished", { token: "secret" });
    expect(lines).toEqual([
      ["info", "deploy finished", '{"instanceId":"gh-1","deliveryId":"d-1","token":"[REDACTED]"}'],
    ]);
  });

  it("applies the level when one is given", () => {
    const { ctx, lines } = fakeContext();
    ctx.df.isReplaying = false;
    const log = orchestrationLogger(ctx, {}, "warn");
    log.info("dropped");
    log.warn("kept");
    expect(lines.map((l) => l[1])).toEqual(["kept"]);
  });
});
