import type { Server } from "node:http";
import { join, resolve } from "node:path";
import type { DurableBackend, EngineOptions, FunctionRunner } from "./contracts.js";
import { installCoreShim, setActiveRegistry } from "./core-shim.js";
import type { HostContext } from "./host-context.js";
import { buildRoutes, routeUrl } from "./http-triggers.js";
import { defaultMaxBodyBytes } from "./http-util.js";
import { Invoker } from "./invoker.js";
import { loadOrCreateKeys, type HostKeys } from "./keys.js";
import { loadApp } from "./loader.js";
import { createConsoleLogger, hostJsonLogLevel, toLogLevel, type HostLogger, type LogLevel } from "./log.js";
import { runHooks } from "./registry.js";
import { createHostServer, listen } from "./server.js";
import { startTimers, systemClock, timerSpecs, type Clock } from "./timers.js";

export type { EngineOptions } from "./contracts.js";

export interface HostOptions {
  app: string;
  /** 0 picks a free port. */
  port?: number;
  /** Defaults to `<app>/.local/host`. */
  dataDir?: string;
  taskHub?: string;
  /** Without it, durable routes answer 404 and durableClient functions fail. */
  createEngine?: (options: EngineOptions) => DurableBackend;
  log?: HostLogger;
  clock?: Clock;
  maxBodyBytes?: number;
}

export interface RunningHost {
  url: string;
  port: number;
  keys: HostKeys;
  /** `Functions:` listing like `func start` prints it. */
  functionListing: string;
  runner: FunctionRunner;
  stop(): Promise<void>;
}

function taskHubOf(hostJson: Record<string, unknown>): string | undefined {
  const durable = (hostJson.extensions as { durableTask?: { hubName?: unknown } } | undefined)?.durableTask;
  return typeof durable?.hubName === "string" ? durable.hubName : undefined;
}

function close(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}

/** Starts the local Functions host in this process: shim, app, server, durable engine, timers. */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  let level: LogLevel = "information";
  const log = options.log ?? createConsoleLogger(() => level);
  installCoreShim((level, category, message) => log(toLogLevel(level), `[${category}] ${message}`));
  const appDir = resolve(options.app);
  const dataDir = resolve(options.dataDir ?? join(appDir, ".local", "host"));
  const keys = loadOrCreateKeys(dataDir);
  const ctx = {
    keys,
    log,
    maxBodyBytes: options.maxBodyBytes ?? defaultMaxBodyBytes,
    startedAt: Date.now(),
    ready: false,
    routes: [],
    routePrefix: "api",
    durable: undefined,
  } as unknown as HostContext;
  const server = createHostServer(ctx);
  const port = await listen(server, options.port ?? 7071);
  const url = `http://127.0.0.1:${port}`;
  try {
    const app = await loadApp(appDir, port);
    level = hostJsonLogLevel(app.hostJson) ?? level;
    const invoker = new Invoker(app.registry, log);
    Object.assign(ctx, {
      registry: app.registry,
      invoker,
      routes: buildRoutes(app.registry),
      routePrefix: app.routePrefix,
    });
    const taskHub = options.taskHub ?? taskHubOf(app.hostJson) ?? "TestHubName";
    const engine = options.createEngine?.({
      dataDir,
      taskHub,
      runner: invoker,
      baseUrl: url,
      systemKey: keys.systemKeys.durabletask_extension,
      hostJson: app.hostJson,
    });
    invoker.setDurableBackend(engine);
    ctx.durable = engine;
    await runHooks(app.registry, "appStart", {
      hookData: invoker.appHookData,
      appHookData: invoker.appHookData,
      functionAppDirectory: appDir,
    });
    setActiveRegistry(app.registry);
    engine?.start();
    const timers = startTimers(
      timerSpecs(app.registry),
      (name, value) => invoker.invoke(name, value),
      log,
      options.clock ?? systemClock,
    );
    ctx.ready = true;
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> =>
      (stopping ??= (async () => {
        ctx.ready = false;
        await close(server);
        await timers.stop();
        await runHooks(app.registry, "appTerminate", {
          hookData: invoker.appHookData,
          appHookData: invoker.appHookData,
        });
        await engine?.stop();
      })());
    return { url, port, keys, functionListing: listFunctions(ctx, url), runner: invoker, stop };
  } catch (err) {
    await close(server);
    throw err;
  }
}

/** `name: [GET,POST] http://127.0.0.1:7071/api/route` for HTTP triggers, `name: <triggerType>` otherwise. */
export function listFunctions(ctx: HostContext, baseUrl: string): string {
  const lines = ["Functions:", ""];
  for (const fn of [...ctx.registry.functions.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    const http = ctx.routes.find((r) => r.functionName === fn.name);
    if (http)
      lines.push(
        `  ${fn.name}: [${(http.methods ?? ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]).join(",")}] ${routeUrl(baseUrl, ctx.routePrefix, http)}`,
      );
    else lines.push(`  ${fn.name}: ${fn.triggerType}`);
  }
  return lines.join("\n");
}
