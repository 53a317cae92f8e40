import { loadConfig } from "../config/load.js";
import { createRuntime, type Runtime } from "./runtime.js";

let current: Runtime | undefined;

/**
 * The worker process's runtime, built on first use: function modules call this inside handlers, so a
 * bad setting fails the invocation with a ConfigError naming it instead of stopping the host at load.
 */
export function appRuntime(): Runtime {
  current ??= createRuntime(loadConfig());
  return current;
}
