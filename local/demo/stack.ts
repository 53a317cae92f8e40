import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { defaultPorts } from "../stack/ports.js";
import { startStack } from "../stack/stack.js";
import type { StackFile } from "../stack/state.js";

/** What the story needs of a running local stack. */
export interface DemoStack {
  readonly hostUrl: string;
  readonly mlflowUrl: string;
  /** The host's master key: function-level routes and the Durable HTTP API both accept it. */
  readonly hostKey: string;
  readonly azurite: { readonly connectionString: string; readonly account: string };
  readonly dataDir: string;
  /** Whether the demo started this stack (and so stops it). */
  readonly startedHere: boolean;
  stop(): Promise<void>;
}

/** The stack a stack.json describes, or why it cannot be used (absent, or its launcher is gone). */
export function readStackFile(file: string): StackFile | string {
  if (!existsSync(file)) return `${file} not found`;
  const stack = JSON.parse(readFileSync(file, "utf8")) as StackFile;
  try {
    process.kill(stack.pid, 0);
  } catch {
    return `${file} is stale (the stack with pid ${stack.pid} is gone)`;
  }
  return stack;
}

function describe(stack: StackFile, startedHere: boolean, stop: () => Promise<void>): DemoStack {
  const keysFile = join(stack.dataDir, "host", "keys.json");
  const keys = JSON.parse(readFileSync(keysFile, "utf8")) as { masterKey?: string };
  if (!keys.masterKey) throw new Error(`${keysFile} has no master key`);
  const azurite = stack.components.azurite;
  return {
    hostUrl: stack.components.host.url,
    mlflowUrl: stack.components.mlflow.url,
    hostKey: keys.masterKey,
    azurite: { connectionString: String(azurite.connectionString), account: String(azurite.account) },
    dataDir: stack.dataDir,
    startedHere,
    stop,
  };
}

export interface ConnectOptions {
  /** The package root (dist/, node_modules/, the function app). */
  readonly root: string;
  /** `.local/stack.json` of the stack to use; its folder holds the state of a stack started here. */
  readonly stackFile: string;
  /** Start a stack when none runs (false: fail instead). */
  readonly start: boolean;
  readonly log: (line: string) => void;
}

/** Uses the running stack, or starts one on the default ports (stopped again by `stop()`). */
export async function connectStack(options: ConnectOptions): Promise<DemoStack> {
  const found = readStackFile(options.stackFile);
  if (typeof found !== "string") {
    options.log(`Using the running local stack (${options.stackFile}).`);
    return describe(found, false, () => Promise.resolve());
  }
  if (!options.start) throw new Error(`no running local stack: ${found}; start one with npm start`);
  options.log(`No running local stack (${found}); starting one (stopped again at the end)...`);
  const dataDir = dirname(options.stackFile);
  const stack = await startStack({
    root: options.root,
    dataDir,
    venv: join(options.root, ".local", "venv"),
    ports: { ...defaultPorts },
  });
  options.log(`Local stack ready in ${(stack.readyMs / 1000).toFixed(1)} s.`);
  const written = readStackFile(stack.stackFile);
  if (typeof written === "string") {
    await stack.stop();
    throw new Error(written);
  }
  return describe(written, true, () => stack.stop());
}
