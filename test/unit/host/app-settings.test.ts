import { describe, expect, it } from "vitest";
import { resolveAppSettings } from "../../../local/host/loader.js";

describe("host.json %app setting% references", () => {
  it("replaces references anywhere in host.json, as the Functions host does", () => {
    const hostJson = { extensions: { durableTask: { hubName: "%HUB%" }, list: ["x-%HUB%-y"] }, version: "2.0" };
    expect(resolveAppSettings(hostJson, { HUB: "Orchestrator1" })).toEqual({
      extensions: { durableTask: { hubName: "Orchestrator1" }, list: ["x-Orchestrator1-y"] },
      version: "2.0",
    });
  });

  it("fails fast on a reference to a setting that is not set", () => {
    expect(() => resolveAppSettings({ hubName: "%MISSING%" }, {})).toThrow(/%MISSING%.*not set/);
  });
});
