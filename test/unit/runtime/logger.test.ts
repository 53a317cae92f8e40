import { describe, expect, it } from "vitest";
import {
  createLogger,
  invocationSink,
  jsonLinesSink,
  type LogEntry,
} from "../../../shared/runtime/logger.js";

function recording(level?: "debug" | "info" | "warn" | "error") {
  const entries: LogEntry[] = [];
  const logger = createLogger({ sink: (e) => entries.push(e), ...(level ? { level } : {}) });
  return { entries, logger };
}

describe("createLogger", () => {
  it("drops entries below the level (default info)", () => {
    const { entries, logger } = recording();
    logger.debug("noise");
    logger.info("kept");
    logger.error("also kept");
    expect(entries.map((e) => [e.level, e.message])).toEqual([
      ["info", "kept"],
      ["error", "also kept"],
    ]);
  });

  it("writes debug when asked to", () => {
    const { entries, logger } = recording("debug");
    logger.debug("detail", { n: 1 });
    expect(entries).toEqual([{ level: "debug", message: "detail", fields: { n: 1 } }]);
  });

  it("children add fields; call fields win over bound fields", () => {
    const { entries, logger } = recording();
    logger.child({ deliveryId: "d1", target: "dev" }).child({ runId: 5 }).warn("slow", { target: "prod" });
    expect(entries[0]?.fields).toEqual({ deliveryId: "d1", target: "prod", runId: 5 });
  });

  it("redacts fields and message before the sink sees them", () => {
    const { entries, logger } = recording();
    logger.info("called with Bearer abc", { token: "t", url: "https://x?sig=s" });
    expect(entries[0]).toEqual({
      level: "info",
      message: "called with Bearer [REDACTED]",
      fields: { token: "[REDACTED]", url: "https://x?sig=[REDACTED]" },
    });
  });

  it("asks the enabled gate on every entry", () => {
    const entries: LogEntry[] = [];
    let on = false;
    const logger = createLogger({ sink: (e) => entries.push(e), enabled: () => on });
    logger.info("muted");
    on = true;
    logger.info("heard");
    expect(entries.map((e) => e.message)).toEqual(["heard"]);
  });
});

describe("jsonLinesSink", () => {
  it("writes one JSON line with time, level and msg that fields cannot override", () => {
    const lines: string[] = [];
    const sink = jsonLinesSink(
      (l) => lines.push(l),
      () => new Date("2026-05-01T10:00:00Z"),
    );
    createLogger({ sink }).info("deploy started", { level: "spoofed", target: "dev" });
    expect(lines).toEqual([
      '{"time":"2026-05-01T10:00:00.000Z","level":"info","msg":"deploy started","target":"dev"}',
    ]);
  });
});

describe("invocationSink", () => {
  it("calls the matching InvocationContext method, with fields as JSON when present", () => {
    const calls: unknown[][] = [];
    const record =
      (level: string) =>
      (...args: unknown[]) =>
        calls.push([level, ...args]);
    const ctx = {
      debug: record("debug"),
      info: record("info"),
      warn: record("warn"),
      error: record("error"),
    };
    const logger = createLogger({ sink: invocationSink(ctx), level: "debug" });
    logger.warn("retrying", { attempt: 2 });
    logger.debug("bare");
    expect(calls).toEqual([
      ["warn", "retrying", '{"attempt":2}'],
      ["debug", "bare"],
    ]);
  });
});
