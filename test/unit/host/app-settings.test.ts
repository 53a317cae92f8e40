import { describe, expect, it } from "vitest";
import { createConsoleLogger, hostJsonLogLevel } from "../../../local/host/log.js";
import { resolveAppSettings } from "../../../local/host/loader.js";

describe("host.json %app setting% references", () => {
  it("replaces references anywhere in host.json, as the Functions host does", () => {
    const hostJson = {
      extensions: { durableTask: { hubName: "%HUB%" }, list: ["x-%HUB%-y"] },
      version: "2.0",
    };
    expect(resolveAppSettings(hostJson, { HUB: "Orchestrator1" })).toEqual({
      extensions: { durableTask: { hubName: "Orchestrator1" }, list: ["x-Orchestrator1-y"] },
      version: "2.0",
    });
  });

  it("fails fast on a reference to a setting that is not set", () => {
    expect(() => resolveAppSettings({ hubName: "%MISSING%" }, {})).toThrow(/%MISSING%.*not set/);
  });
});

describe("host.json logging level", () => {
  it("reads logging.logLevel.default as func does, case-insensitively", () => {
    expect(hostJsonLogLevel({ logging: { logLevel: { default: "Warning" } } })).toBe("warning");
    expect(hostJsonLogLevel({ logging: { logLevel: { default: "Nonsense" } } })).toBeUndefined();
    expect(hostJsonLogLevel({})).toBeUndefined();
  });

  it("drops lines below the level the host learned after start", () => {
    const lines: string[] = [];
    const original = console.log;
    console.log = (line: string) => void lines.push(line);
    try {
      let level: "information" | "warning" = "information";
      const log = createConsoleLogger(() => level);
      log("information", "before");
      level = "warning";
      log("information", "after");
    } finally {
      console.log = original;
    }
    expect(lines.map((l) => l.replace(/^\[[^\]]+\] /, ""))).toEqual(["before"]);
  });
});
