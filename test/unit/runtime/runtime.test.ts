import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../shared/config/load.js";
import type { LogEntry } from "../../../shared/runtime/logger.js";
import { createRuntime } from "../../../shared/runtime/runtime.js";

const env = { FUNCTIONS_WORKER_RUNTIME: "node", AzureWebJobsStorage: "UseDevelopmentStorage=true" };

describe("createRuntime", () => {
  it("builds a logger at the configured level that tags the environment", () => {
    const entries: LogEntry[] = [];
    const runtime = createRuntime(loadConfig({ ...env, LOG_LEVEL: "warn", APP_ENVIRONMENT: "dev" }), {
      sink: (e) => entries.push(e),
    });
    runtime.logger.info("dropped");
    runtime.logger.warn("kept");
    expect(entries).toEqual([{ level: "warn", message: "kept", fields: { environment: "dev" } }]);
    expect(runtime.config.app.environment).toBe("dev");
    expect(Object.isFrozen(runtime)).toBe(true);
  });
});
