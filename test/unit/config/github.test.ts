import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../shared/config/load.js";
import { ConfigError } from "../../../shared/errors/taxonomy.js";

const base = { AzureWebJobsStorage: "UseDevelopmentStorage=true" };
const routing = JSON.stringify({
  repositories: ["acme/ml"],
  routes: [
    { branch: "main", target: "staging" },
    { tag: "v*", target: "prod" },
  ],
});

function problemsOf(env: Record<string, string>): readonly { name: string; reason: string }[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("GitHub settings", () => {
  it("lists the current secret before the one being rotated out", () => {
    const config = loadConfig({
      ...base,
      GITHUB_WEBHOOK_SECRET: "new-secret-0123456789",
      GITHUB_WEBHOOK_SECRET_PREVIOUS: "old-secret-0123456789",
    });
    expect(config.github.webhookSecrets).toEqual(["new-secret-0123456789", "old-secret-0123456789"]);
  });

  it("parses and defaults the routing JSON", () => {
    const config = loadConfig({ ...base, GITHUB_DEPLOY_ROUTING: routing });
    expect(config.github.routing).toEqual({
      repositories: ["acme/ml"],
      routes: [
        { branch: "main", target: "staging" },
        { tag: "v*", target: "prod" },
      ],
      promotionOnly: [],
      bundlesDir: "bundles",
    });
  });

  it("rejects a short secret without echoing it", () => {
    const problems = problemsOf({ ...base, GITHUB_WEBHOOK_SECRET: "tooshort" });
    expect(problems).toEqual([{ name: "GITHUB_WEBHOOK_SECRET", reason: "must be at least 16 characters" }]);
    expect(JSON.stringify(problems)).not.toContain("tooshort");
  });

  it.each([
    ["not JSON", "{repositories"],
    ["no repositories", JSON.stringify({ repositories: [], routes: [{ branch: "main", target: "x" }] })],
    [
      "a bad repository name",
      JSON.stringify({ repositories: ["no-slash"], routes: [{ branch: "m", target: "x" }] }),
    ],
    [
      "a route with both kinds",
      JSON.stringify({ repositories: ["a/b"], routes: [{ branch: "m", tag: "v", target: "x" }] }),
    ],
    [
      "a pattern with a space",
      JSON.stringify({ repositories: ["a/b"], routes: [{ branch: "ma in", target: "x" }] }),
    ],
    [
      "a bundles folder leaving the repo",
      JSON.stringify({ repositories: ["a/b"], routes: [{ branch: "m", target: "x" }], bundlesDir: "../x" }),
    ],
  ])("rejects routing with %s", (_, value) => {
    expect(problemsOf({ ...base, GITHUB_DEPLOY_ROUTING: value }).map((p) => p.name)).toEqual([
      "GITHUB_DEPLOY_ROUTING",
    ]);
  });
});

describe("GitHub App settings", () => {
  const pem = generateKeyPairSync("rsa", { modulusLength: 1024 })
    .privateKey.export({ type: "pkcs1", format: "pem" })
    .toString();

  it("reads the App from its id and key, accepting a key with escaped line breaks, and defaults the API", () => {
    const config = loadConfig({
      ...base,
      GITHUB_APP_ID: "12345",
      GITHUB_APP_PRIVATE_KEY: pem.replace(/\n/g, "\\n"),
    });
    expect(config.github.app).toEqual({ appId: "12345", privateKey: pem.trim() });
    expect(config.github.apiUrl).toBe("https://api.github.com");
    expect(loadConfig({ ...base, GITHUB_API_URL: "http://127.0.0.1:7074/" }).github.apiUrl).toBe(
      "http://127.0.0.1:7074",
    );
    expect(loadConfig(base).github.app).toBeUndefined();
  });

  it("names the missing half of the App credentials and refuses a key that is not a PEM, never echoing it", () => {
    expect(problemsOf({ ...base, GITHUB_APP_ID: "1" })).toEqual([
      { name: "GITHUB_APP_PRIVATE_KEY", reason: "is required when GITHUB_APP_ID is set" },
    ]);
    expect(problemsOf({ ...base, GITHUB_APP_PRIVATE_KEY: pem }).map((p) => p.name)).toEqual([
      "GITHUB_APP_ID",
    ]);
    const bad = problemsOf({ ...base, GITHUB_APP_ID: "1", GITHUB_APP_PRIVATE_KEY: "s3cr3t-not-a-key" });
    expect(bad.map((p) => p.name)).toEqual(["GITHUB_APP_PRIVATE_KEY"]);
    expect(JSON.stringify(bad)).not.toContain("s3cr3t");
    expect(
      problemsOf({ ...base, GITHUB_APP_ID: "app", GITHUB_APP_PRIVATE_KEY: pem }).map((p) => p.name),
    ).toEqual(["GITHUB_APP_ID"]);
  });
});
