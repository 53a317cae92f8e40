import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createDurableEngine } from "./durable/index.js";
import { startHost as startHostCore, type HostOptions, type RunningHost } from "./host.js";

export type { HostOptions, RunningHost } from "./host.js";

/** startHost with the real durable engine wired in (tests may pass their own `createEngine`). */
export function startHost(options: HostOptions): Promise<RunningHost> {
  return startHostCore({ createEngine: createDurableEngine, ...options });
}

const usage = "Usage: npm run host -- --app <folder> [--port <port>] [--data <folder>] [--task-hub <name>]";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      app: { type: "string" },
      port: { type: "string", default: "7071" },
      data: { type: "string" },
      "task-hub": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || !values.app) {
    console.log(usage);
    process.exit(values.help ? 0 : 2);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port "${values.port}"`);
  // npm runs scripts from the package root. Paths typed after `npm run host --` are relative to where the
  // user typed them (INIT_CWD); the paths in our own scripts (`npm start`) are relative to the root.
  const here =
    process.env.npm_lifecycle_event === "host" ? (process.env.INIT_CWD ?? process.cwd()) : process.cwd();
  const options: HostOptions = { app: resolve(here, values.app), port };
  if (values.data) options.dataDir = resolve(here, values.data);
  if (values["task-hub"]) options.taskHub = values["task-hub"];
  const host = await startHost(options);
  console.log(`\n${host.functionListing}\n`);
  console.log(`Host started on ${host.url}`);

  let exiting = false;
  const shutdown = (signal: string): void => {
    if (exiting) return;
    exiting = true;
    console.log(`Received ${signal}, stopping the host...`);
    host.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error("Host stop failed:", err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(`Host failed to start: ${(err as Error)?.stack ?? String(err)}`);
    process.exit(1);
  });
}
