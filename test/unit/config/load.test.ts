import { describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../../shared/config/load.js";
import { ConfigError } from "../../../shared/errors/taxonomy.js";

const valid = { FUNCTIONS_WORKER_RUNTIME: "node", AzureWebJobsStorage: "UseDevelopmentStorage=true" };

function problemsOf(env: Record<string, string | undefined>) {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected loadConfig to throw");
}

describe("loadConfig", () => {
  it("applies defaults to a minimal environment", () => {
    expect(loadConfig(valid)).toEqual({
      app: { environment: "local", logLevel: "info" },
      host: {
        workerRuntime: "node",
        storage: { kind: "connectionString", connectionString: "UseDevelopmentStorage=true" },
      },
      durable: { taskHub: "MlOrchestrator" },
      databricks: { workspaces: {}, token: undefined, oauth: undefined, managedIdentityClientId: undefined },
      runEvents: { auth: undefined },
      lake: { connectionString: undefined, orchestrator: undefined },
      github: {
        webhookSecrets: [],
        routing: undefined,
        apiUrl: "https://api.github.com",
        app: undefined,
        token: undefined,
      },
      promotion: { approvalTimeoutSeconds: 259_200, reminderWebhookUrl: undefined, devPrincipal: false },
    });
  });

  it("reads every setting when set", () => {
    const config = loadConfig({
      ...valid,
      DURABLE_TASK_HUB: "Hub42",
      LOG_LEVEL: "debug",
      APP_ENVIRONMENT: "prod",
    });
    expect(config.durable.taskHub).toBe("Hub42");
    expect(config.app).toEqual({ environment: "prod", logLevel: "debug" });
  });

  it("accepts identity-based host storage as Flex Consumption configures it", () => {
    const config = loadConfig({
      AzureWebJobsStorage__accountName: "stfuncruntime01",
      AzureWebJobsStorage__credential: "managedidentity",
      AzureWebJobsStorage__clientId: "7f0c3b9e-2f6a-4c55-9b1d-0a3c1e2d4f5a",
    });
    expect(config.host).toEqual({
      workerRuntime: "node",
      storage: {
        kind: "identity",
        accountName: "stfuncruntime01",
        clientId: "7f0c3b9e-2f6a-4c55-9b1d-0a3c1e2d4f5a",
      },
    });
  });

  it("requires exactly one way to reach host storage", () => {
    expect(problemsOf({ FUNCTIONS_WORKER_RUNTIME: "node" })[0]?.reason).toMatch(
      /is required \(or AzureWebJobsStorage__accountName/,
    );
    expect(problemsOf({ ...valid, AzureWebJobsStorage__accountName: "acct01" })[0]?.reason).toMatch(
      /not both/,
    );
    expect(problemsOf({ AzureWebJobsStorage__accountName: "Not_An_Account" })).toEqual([
      { name: "AzureWebJobsStorage__accountName", reason: "must be a storage account name" },
    ]);
  });

  it("returns a deeply frozen config", () => {
    const config = loadConfig(valid);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.durable)).toBe(true);
  });

  it("ignores settings it does not own", () => {
    expect(loadConfig({ ...valid, PATH: "/usr/bin" })).not.toHaveProperty("PATH");
  });

  it("treats empty strings as unset, so defaults apply and required settings are reported", () => {
    expect(loadConfig({ ...valid, LOG_LEVEL: "" }).app.logLevel).toBe("info");
    expect(problemsOf({ ...valid, AzureWebJobsStorage: "" })).toEqual([
      {
        name: "AzureWebJobsStorage",
        reason: "is required (or AzureWebJobsStorage__accountName for identity-based storage)",
      },
    ]);
  });

  it("reports every problem in one error", () => {
    const problems = problemsOf({
      FUNCTIONS_WORKER_RUNTIME: "python",
      DURABLE_TASK_HUB: "1hub",
      LOG_LEVEL: "loud",
    });
    expect(problems.map((p) => p.name).sort()).toEqual([
      "AzureWebJobsStorage",
      "DURABLE_TASK_HUB",
      "FUNCTIONS_WORKER_RUNTIME",
      "LOG_LEVEL",
    ]);
    expect(problems.find((p) => p.name === "FUNCTIONS_WORKER_RUNTIME")?.reason).toBe('must be "node"');
  });

  it("never puts a setting's value into the error", () => {
    const secret = "DefaultEndpointsProtocol=https;AccountName=acct;NotAKey=s3cr3tVALUE";
    let message = "";
    try {
      loadConfig({ ...valid, AzureWebJobsStorage: secret });
    } catch (err) {
      message = err instanceof Error ? err.message : "";
    }
    expect(message).toContain("AzureWebJobsStorage");
    expect(message).not.toContain("s3cr3tVALUE");
  });

  it("reads process.env when called without arguments", () => {
    vi.stubEnv("FUNCTIONS_WORKER_RUNTIME", "node");
    vi.stubEnv("AzureWebJobsStorage", "UseDevelopmentStorage=true");
    vi.stubEnv("APP_ENVIRONMENT", "staging");
    try {
      expect(loadConfig().app.environment).toBe("staging");
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
