import { HttpRequest, InvocationContext } from "@azure/functions";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../shared/config/load.js";
import { createHealthHandler } from "../../../shared/health/health.handler.js";

const request = new HttpRequest({ method: "GET", url: "http://127.0.0.1:7071/api/health" });

function invoke(env: Record<string, string>) {
  const logs: unknown[][] = [];
  const context = new InvocationContext({ functionName: "health", logHandler: (...args) => logs.push(args) });
  const handler = createHealthHandler({ loadConfig: () => loadConfig(env), version: "1.2.3" });
  return { response: handler(request, context), logs };
}

describe("GET /api/health", () => {
  it("answers 200 with version and environment when config is valid", async () => {
    const env = {
      FUNCTIONS_WORKER_RUNTIME: "node",
      AzureWebJobsStorage: "UseDevelopmentStorage=true",
      APP_ENVIRONMENT: "dev",
    };
    const response = await invoke(env).response;
    expect(response).toMatchObject({
      status: 200,
      jsonBody: { status: "ok", version: "1.2.3", environment: "dev" },
    });
    expect(response.headers).toEqual({ "cache-control": "no-store" });
  });

  it("answers 503 naming every invalid setting, without reasons or values", async () => {
    // An account key without an account name: invalid, and its value must not leak.
    const { response, logs } = invoke({
      FUNCTIONS_WORKER_RUNTIME: "python",
      AzureWebJobsStorage: "AccountKey=s3cr3t",
    });
    const res = await response;
    expect(res.status).toBe(503);
    expect(res.jsonBody).toEqual({
      status: "unavailable",
      version: "1.2.3",
      problems: ["FUNCTIONS_WORKER_RUNTIME", "AzureWebJobsStorage"],
    });
    expect(JSON.stringify(res.jsonBody)).not.toContain("s3cr3t");
    expect(JSON.stringify(logs)).toContain("configuration invalid");
    expect(JSON.stringify(logs)).not.toContain("s3cr3t");
  });

  it("answers a generic 500 when something else breaks", async () => {
    const context = new InvocationContext({ functionName: "health", logHandler: () => undefined });
    const handler = createHealthHandler({
      loadConfig: () => {
        throw new Error("disk on fire at /secret/path");
      },
      version: "1.2.3",
    });
    const res = await handler(request, context);
    expect(res).toMatchObject({
      status: 500,
      jsonBody: { error: { code: "INTERNAL", message: "Internal server error" } },
    });
  });
});
