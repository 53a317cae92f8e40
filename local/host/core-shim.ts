import Module, { createRequire } from "node:module";
import type { FunctionCallback, HookCallback, ProgrammingModel, Registry } from "./registry.js";

/**
 * Our implementation of the worker's built-in `@azure/functions-core` module (protocol doc §1). The real
 * worker installs it by proxying `Module.prototype.require`; @azure/functions requires it lazily on the
 * first registration and caches a failure for good, so this must run before any app module loads.
 */

export type CoreLogger = (level: string, category: string, message: string) => void;

class Disposable {
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((d) => d.dispose()));
  }
  #onDispose: (() => unknown) | undefined;
  constructor(onDispose: () => unknown) {
    this.#onDispose = onDispose;
  }
  dispose(): void {
    this.#onDispose?.();
    this.#onDispose = undefined;
  }
}

let active: Registry | undefined;
let lastModel: ProgrammingModel | undefined;
let logger: CoreLogger = (level, category, message) => console.log(`[${level}] [${category}] ${message}`);
let installed = false;

function requireActive(what: string): Registry {
  if (!active) throw new Error(`@azure/functions-core: ${what} called while no app is loading`);
  return active;
}

const coreApi = {
  version: "4.0.0-local",
  hostVersion: "4.1040.0-local",
  Disposable,
  registerFunction(metadata: { name?: string }, callback: FunctionCallback): Disposable {
    return new Disposable(requireActive("registerFunction").registerFunction(metadata, callback));
  },
  registerHook(name: string, callback: HookCallback): Disposable {
    return new Disposable(requireActive("registerHook").registerHook(name, callback));
  },
  setProgrammingModel(model: ProgrammingModel): void {
    lastModel = model;
    if (active) active.programmingModel = model;
  },
  getProgrammingModel(): ProgrammingModel | undefined {
    return active?.programmingModel ?? lastModel;
  },
  log(level: string, category: string, message: string): void {
    logger(level, category, message);
  },
};

function azureFunctionsAlreadyLoaded(): string | undefined {
  const req = createRequire(import.meta.url);
  return Object.keys(req.cache).find((p) => /[\\/]@azure[\\/]functions[\\/]/.test(p));
}

/**
 * Installs the shim once per process. Throws if @azure/functions was loaded before: its cached "no
 * runtime" decision would silently drop every registration (protocol doc §4 pitfall 1).
 */
export function installCoreShim(log?: CoreLogger): void {
  if (log) logger = log;
  if (installed) return;
  const early = azureFunctionsAlreadyLoaded();
  if (early) {
    throw new Error(
      `@azure/functions was loaded (${early}) before the local host installed @azure/functions-core; ` +
        "it may already be in test mode and drop every registration. Install the shim first.",
    );
  }
  const proto = Module.prototype as unknown as { require: (id: string) => unknown };
  proto.require = new Proxy(proto.require, {
    apply(target, thisArg, args: unknown[]) {
      return args[0] === "@azure/functions-core" ? coreApi : (Reflect.apply(target, thisArg, args) as unknown);
    },
  });
  installed = true;
}

/**
 * Routes registrations to `registry` while an app loads. @azure/functions calls setProgrammingModel only
 * on its first registration per process, so a later app in the same process inherits the last model.
 * Test-mode warnings ("Skipping call to register ...") are collected so the loader can fail loudly.
 */
export function beginCapture(registry: Registry): () => string[] {
  if (!installed) throw new Error("installCoreShim() must run before an app is loaded");
  active = registry;
  const dropped: string[] = [];
  const originalWarn = console.warn;
  console.warn = (...args: unknown[]) => {
    const text = args.map(String).join(" ");
    if (/Skipping call to register|Failed to detect the Azure Functions runtime/.test(text)) dropped.push(text);
    originalWarn.apply(console, args);
  };
  return () => {
    console.warn = originalWarn;
    registry.programmingModel ??= lastModel;
    return dropped;
  };
}

/** Makes `registry` the target for registrations made after loading (e.g. in appStart hooks). */
export function setActiveRegistry(registry: Registry | undefined): void {
  active = registry;
}

export function setCoreLogger(log: CoreLogger): void {
  logger = log;
}
