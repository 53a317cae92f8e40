import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createMlflowRoutes } from "./mlflow/index.js";
import { createEmulatorServer, type EmulatorOptions } from "./server.js";

export { createEmulatorServer, type EmulatorOptions, type EmulatorServer } from "./server.js";
export type { Route } from "./http.js";
export { databricksAudience } from "./auth.js";

/** Defaults documented in docs/adr/0004-databricks-emulator.md. */
export const defaultToken = "dapi-local-emulator";
export const defaultUser = "developer@example.com";

export interface StartOptions extends Partial<Omit<EmulatorOptions, "dataDir">> {
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface RunningEmulator {
  url: string;
  token: string;
  stop(): Promise<void>;
}

/**
 * Starts the emulator on 127.0.0.1 (loopback only); `stop` kills task processes and closes the store.
 * With `mlflowUrl` and no explicit `extraRoutes`, the MLflow and Unity Catalog routes of ./mlflow are mounted.
 */
export async function startEmulator(options: StartOptions): Promise<RunningEmulator> {
  const token = options.token ?? defaultToken;
  const emulator = createEmulatorServer({
    ...options,
    token,
    extraRoutes:
      options.extraRoutes ??
      (options.mlflowUrl === undefined ? [] : createMlflowRoutes({ mlflowUrl: options.mlflowUrl })),
    user: options.user ?? defaultUser,
    python: options.python ?? defaultPython(),
    env: options.env ?? process.env,
  });
  await new Promise<void>((resolve, reject) => {
    emulator.server.once("error", reject);
    emulator.server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const url = `http://127.0.0.1:${(emulator.server.address() as AddressInfo).port}`;
  emulator.setUrl(url);
  return {
    url,
    token,
    async stop() {
      emulator.server.closeAllConnections();
      await new Promise<void>((resolve) => emulator.server.close(() => resolve()));
      await emulator.close();
    },
  };
}

/** The stack's venv (local/setup creates it with mlflow and databricks-sdk), else python3 on PATH. */
export function defaultPython(cwd = process.cwd()): string {
  const venv = join(cwd, ".local", "venv", "bin", "python");
  return existsSync(venv) ? venv : "python3";
}
