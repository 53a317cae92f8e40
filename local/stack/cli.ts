import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parsePortOverrides } from "./ports.js";
import { StackCancelledError, startStack, StackStartError, type RunningStack } from "./stack.js";
import { componentTable, nextSteps } from "./table.js";

const usage = `Usage: npm start -- [--fresh] [--data <folder>] [--port <name>=<port> ...]
  --fresh          empty every component's state first (logs and the Python venv stay)
  --data <folder>  state and logs (default .local)
  --port name=N    move a component: host (7071), mlflow (7072), databricks (7073), github (7074),
                   eventgrid (7075), blob (10000), queue (10001), table (10002)`;

/** This file runs from dist/local/stack/, so the package root is three folders up. */
const root = fileURLToPath(new URL("../../../", import.meta.url));

function options(): Parameters<typeof startStack>[0] | undefined {
  const { values } = parseArgs({
    options: {
      fresh: { type: "boolean", default: false },
      data: { type: "string" },
      port: { type: "string", multiple: true, default: [] },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return undefined;
  // A path typed after `npm start --` is relative to where the user typed it (INIT_CWD); the default
  // belongs to the package, wherever npm was run from.
  const here = process.env.INIT_CWD ?? process.cwd();
  return {
    root,
    dataDir: values.data === undefined ? resolve(root, ".local") : resolve(here, values.data),
    venv: resolve(root, ".local", "venv"),
    ports: parsePortOverrides(values.port),
    fresh: values.fresh,
  };
}

/**
 * Children lead their own process groups, so a terminal's Ctrl-C reaches only this process: every signal
 * must end in stop(). Before the stack is up it cancels the start; after, it stops the stack.
 */
const starting = new AbortController();
let running: ((why: string, code: number) => void) | undefined;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => (running ? running(`Received ${signal}`, 0) : starting.abort()));
}

function serve(stack: RunningStack): void {
  const urls = Object.fromEntries(stack.components.map((c) => [c.spec.name, c.spec.endpoints[0]?.url ?? ""]));
  console.log(
    `\n${componentTable(stack.components, (c) => `healthy in ${((c.readyMs() ?? 0) / 1000).toFixed(1)} s`)}\n`,
  );
  console.log(`Local stack ready in ${(stack.readyMs / 1000).toFixed(1)} s.\n`);
  console.log(
    nextSteps(
      { host: urls.host ?? "", mlflow: urls.mlflow ?? "", databricks: urls.databricks ?? "" },
      stack.stackFile,
    ),
  );
  let exiting = false;
  const stop = (why: string, code: number): void => {
    if (exiting) return;
    exiting = true;
    console.log(`\n${why}: stopping the local stack...`);
    void stack.stop().then(() => {
      console.log("Local stack stopped.");
      process.exit(code);
    });
  };
  running = stop;
  void stack.unexpectedExit.then((c) => {
    console.error(`\n${c.spec.name} exited unexpectedly; its log: ${c.logFile}`);
    stop(`${c.spec.name} exited`, 1);
  });
}

async function main(): Promise<void> {
  const opts = options();
  if (!opts) {
    console.log(usage);
    return;
  }
  console.log(
    `Starting the local stack (state in ${opts.dataDir}${opts.fresh ? ", reset by --fresh" : ""})...`,
  );
  serve(await startStack({ ...opts, signal: starting.signal }));
}

main().catch((err: unknown) => {
  if (err instanceof StackStartError) {
    for (const f of err.failures) {
      console.error(`\n${f.component} failed to start: ${f.reason}\n  log: ${f.logFile}`);
      if (f.logTail) console.error(f.logTail.replace(/^/gm, "  | "));
    }
    console.error("\nThe other components were stopped.");
  } else if (err instanceof StackCancelledError) {
    console.error(`\nThe local stack was not started: ${err.message}.`);
  } else {
    console.error(`The local stack could not start:\n${err instanceof Error ? err.message : String(err)}`);
  }
  process.exit(1);
});
