import type { DurableBackend } from "./contracts.js";
import type { Invoker } from "./invoker.js";
import type { HostKeys } from "./keys.js";
import type { HostLogger } from "./log.js";
import type { Registry } from "./registry.js";
import type { HttpRoute } from "./http-triggers.js";

/** What the request handlers share; built once by host.ts. */
export interface HostContext {
  registry: Registry;
  invoker: Invoker;
  keys: HostKeys;
  routes: HttpRoute[];
  routePrefix: string;
  durable: DurableBackend | undefined;
  log: HostLogger;
  maxBodyBytes: number;
  startedAt: number;
  /** Requests before the app finished loading get 503. */
  ready: boolean;
}
