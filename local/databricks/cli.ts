import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Route } from "./http.js";
import { defaultToken, defaultUser, startEmulator } from "./index.js";

/** `npm run emulator -- --port <port> --data <folder> [--token <pat>] [--user <email>] [--mlflow-url <url>]` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "0" },
      data: { type: "string", default: ".local/databricks" },
      token: { type: "string", default: defaultToken },
      user: { type: "string", default: defaultUser },
      "mlflow-url": { type: "string" },
      python: { type: "string" },
    },
  });
  const mlflowUrl = values["mlflow-url"];
  const emulator = await startEmulator({
    port: Number(values.port),
    dataDir: resolve(values.data),
    token: values.token,
    user: values.user,
    mlflowUrl,
    python: values.python ?? defaultPython(),
    extraRoutes: mlflowUrl === undefined ? [] : await mlflowRoutes(mlflowUrl),
    env: process.env,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`Databricks emulator listening on ${emulator.url}\n`);
  const shutdown = (): void => void emulator.stop().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

/** The stack's venv (local/setup), else whatever python3 is on PATH. */
function defaultPython(): string {
  const venv = join(process.cwd(), ".local", "venv", "bin", "python");
  return existsSync(venv) ? venv : "python3";
}

/** The MLflow/Unity Catalog routes are built by another module; load it only when asked for. */
async function mlflowRoutes(mlflowUrl: string): Promise<Route[]> {
  const specifier = "./mlflow/index.js";
  let mod: { createMlflowRoutes?: (o: { mlflowUrl: string }) => Route[] };
  try {
    mod = (await import(specifier)) as typeof mod;
  } catch (e) {
    throw new Error(`--mlflow-url needs local/databricks/mlflow (createMlflowRoutes), which could not be loaded: ${(e as Error).message}`);
  }
  if (typeof mod.createMlflowRoutes !== "function") throw new Error("local/databricks/mlflow does not export createMlflowRoutes");
  return mod.createMlflowRoutes({ mlflowUrl });
}

main().catch((e: unknown) => {
  process.stderr.write(`emulator failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
