import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Integration suites start child processes (host, Azurite, MLflow); forks isolate their globals.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ["default"],
    // No test may reach IMDS (169.254.169.254): a DefaultAzureCredential made in a test, or in a host or
    // CLI it spawns (children inherit this), uses only the developer chain, which never calls it.
    env: { AZURE_TOKEN_CREDENTIALS: "dev" },
  },
});
