import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { beginCapture } from "./core-shim.js";
import { globFiles, isGlob } from "./glob.js";
import { keepCredentialsOffImds } from "./no-imds.js";
import { Registry } from "./registry.js";

export interface LoadedApp {
  appDir: string;
  /** Entry files, relative to appDir, in load order. */
  files: string[];
  hostJson: Record<string, unknown>;
  /** From host.json extensions.http.routePrefix; "api" by default, "" allowed. */
  routePrefix: string;
  registry: Registry;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
  } catch (err) {
    throw new Error(`Cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Resolves package.json `main` (a file or a glob) to the entry files, as the worker does. */
export function entryFiles(appDir: string): string[] {
  const pkgPath = join(appDir, "package.json");
  if (!existsSync(pkgPath)) throw new Error(`No package.json in ${appDir}`);
  const main = asRecord(readJson(pkgPath)).main;
  if (typeof main !== "string" || main === "") throw new Error(`${pkgPath} has no "main" entry point`);
  const files = isGlob(main) ? globFiles(appDir, main) : existsSync(join(appDir, main)) ? [main] : [];
  if (files.length === 0) throw new Error(`Found zero files matching the supplied pattern "${main}" in ${appDir}`);
  return files;
}

export function routePrefixOf(hostJson: Record<string, unknown>): string {
  const prefix = asRecord(asRecord(asRecord(hostJson.extensions).http)).routePrefix;
  return typeof prefix === "string" ? prefix.replace(/^\/+|\/+$/g, "") : "api";
}

/** Copies local.settings.json `Values` into the environment; variables already set win, as with func. */
export function applyLocalSettings(appDir: string, env: NodeJS.ProcessEnv = process.env): void {
  const path = join(appDir, "local.settings.json");
  if (!existsSync(path)) return;
  for (const [key, value] of Object.entries(asRecord(asRecord(readJson(path)).Values))) {
    if (env[key] === undefined && value !== null && value !== undefined) env[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
}

/**
 * Replaces `%NAME%` in host.json strings with the app setting NAME, as the Functions host does (for
 * example `"hubName": "%DURABLE_TASK_HUB%"`). An unset setting fails fast rather than becoming a literal.
 */
export function resolveAppSettings(value: unknown, env: NodeJS.ProcessEnv = process.env): unknown {
  if (typeof value === "string") {
    return value.replace(/%([A-Za-z_][A-Za-z0-9_]*)%/g, (_, name: string) => {
      const setting = env[name];
      if (setting === undefined || setting === "") throw new Error(`host.json refers to app setting %${name}%, which is not set`);
      return setting;
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolveAppSettings(v, env));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveAppSettings(v, env)]));
  }
  return value;
}

/**
 * Loads a compiled v4 app folder. `import()` of a file URL loads CommonJS and ESM alike. The caller must
 * have installed the core shim. WEBSITE_HOSTNAME must name our port before durable-functions' getClient
 * runs, or it rewrites the client URLs to localhost:7071 (protocol doc §3).
 */
export async function loadApp(appDirInput: string, port: number): Promise<LoadedApp> {
  const appDir = resolve(appDirInput);
  const files = entryFiles(appDir);
  const hostJsonPath = join(appDir, "host.json");
  applyLocalSettings(appDir);
  const hostJson = existsSync(hostJsonPath) ? asRecord(resolveAppSettings(readJson(hostJsonPath))) : {};
  process.env.WEBSITE_HOSTNAME = `127.0.0.1:${port}`;
  process.env.FUNCTIONS_WORKER_RUNTIME ??= "node";
  // No managed identity outside Azure: credentials made by the app must never probe 169.254.169.254.
  const overridden = keepCredentialsOffImds();
  if (overridden !== undefined) process.stderr.write(`Warning: ${overridden}\n`);

  const registry = new Registry();
  const endCapture = beginCapture(registry);
  let dropped: string[];
  try {
    for (const file of files) await import(pathToFileURL(join(appDir, file)).href);
  } finally {
    dropped = endCapture();
  }
  if (dropped.length > 0) {
    throw new Error(
      `@azure/functions ran in test mode and dropped registrations (${dropped.length}); it was used before ` +
        `the host installed @azure/functions-core. First warning: ${dropped[0]}`,
    );
  }
  if (registry.functions.size > 0 && !registry.programmingModel) {
    throw new Error("Functions were registered but no programming model was set");
  }
  return { appDir, files, hostJson, routePrefix: routePrefixOf(hostJson), registry };
}
