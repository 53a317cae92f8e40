import { existsSync, readFileSync } from "node:fs";
import type { HostEndpoint } from "./deliver.js";

/**
 * The local Functions host as a delivery target: its URL, and its Event Grid system key read from the
 * keys.json it writes on first start (local/host/keys.ts). The host may start after the emulator, so the
 * key is read at each delivery; until it exists, deliveries fail and are retried like any other failure.
 */
export function hostFromKeysFile(url: string, keysFile: string): HostEndpoint {
  return {
    url,
    systemKey: () => {
      if (!existsSync(keysFile)) return undefined;
      try {
        const keys = JSON.parse(readFileSync(keysFile, "utf8")) as {
          systemKeys?: { eventgrid_extension?: unknown };
        };
        const key = keys.systemKeys?.eventgrid_extension;
        return typeof key === "string" && key !== "" ? key : undefined;
      } catch {
        return undefined; // half-written or replaced while we read: the next attempt reads it again
      }
    },
  };
}
