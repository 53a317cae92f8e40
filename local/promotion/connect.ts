import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createHostApi, type HostApi } from "../demo/host-api.js";
import { readStackFile } from "../demo/stack.js";
import type { Connection } from "./args.js";

/**
 * The running stack's host API, keyed with the host's master key from `<dataDir>/host/keys.json`
 * (function-level routes accept it). The key is sent, never printed.
 */
export function connectHost(connection: Connection): HostApi {
  const stack = readStackFile(connection.stackFile);
  if (typeof stack === "string")
    throw new Error(`no running local stack: ${stack} (start it with npm start)`);
  const keysFile = join(stack.dataDir, "host", "keys.json");
  const keys = JSON.parse(readFileSync(keysFile, "utf8")) as { masterKey?: unknown };
  if (typeof keys.masterKey !== "string") throw new Error(`${keysFile} has no master key`);
  return createHostApi({ baseUrl: connection.url ?? stack.components.host.url, key: keys.masterKey });
}
