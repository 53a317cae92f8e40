import { existsSync } from "node:fs";
import { join } from "node:path";

/**
 * How `npm start` runs the Event Grid emulator (issue #7): Azurite's connection string in its environment,
 * the host's URL and keys file so deliveries carry the Event Grid system key, the reported eTags under the
 * stack's data folder (emptied by --fresh). A copy of the subscriptions in `<data>/eventgrid.yml` (outside
 * that folder, so --fresh keeps it) wins over the repository's default: one machine can try other filters,
 * schemas, retry policies or the duplicate/reorder switches without editing tracked files.
 */
export interface EventGridLaunch {
  args: string[];
  env: NodeJS.ProcessEnv;
  stateDir: string;
  url: string;
  /** GET answers 200 once the emulator has listed Azurite successfully. */
  healthUrl: string;
  configFile: string;
}

export function eventGridLaunch(options: {
  root: string;
  dataDir: string;
  port: number;
  hostUrl: string;
  connectionString: string;
}): EventGridLaunch {
  const stateDir = join(options.dataDir, "eventgrid");
  const override = join(options.dataDir, "eventgrid.yml");
  const configFile = existsSync(override)
    ? override
    : join(options.root, "local", "eventgrid", "subscriptions.yml");
  const url = `http://127.0.0.1:${options.port}`;
  return {
    args: [
      join(options.root, "dist", "local", "eventgrid", "cli.js"),
      ...["--config", configFile, "--port", String(options.port), "--data", stateDir],
      ...["--host-url", options.hostUrl, "--host-keys", join(options.dataDir, "host", "keys.json")],
    ],
    env: { ...process.env, AZURE_STORAGE_CONNECTION_STRING: options.connectionString },
    stateDir,
    url,
    healthUrl: `${url}/health`,
    configFile,
  };
}
