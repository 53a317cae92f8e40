import { randomUUID } from "node:crypto";
import { DatabricksError } from "../../databricks/index.js";
import { fileSnapshotStore, nodeTree, type DeployClient } from "../deploy/index.js";
import type { PreparedSchema } from "../schema.js";
import { nodeSource } from "./node-source.js";
import { parseCli, USAGE, type CommandName } from "./args.js";
import { findBundleDir } from "./bundle-dir.js";
import { deploy, destroy, plan, summary, validate, type CommandContext, type Io } from "./commands.js";

export interface CliDeps {
  readonly argv: readonly string[];
  /** The environment: DATABRICKS_HOST, DATABRICKS_BUNDLE_ROOT, BUNDLE_VAR_*. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where the user ran the command (npm's INIT_CWD): relative paths resolve against it. */
  readonly userCwd: string;
  readonly io: Io;
  /** Built only once the arguments are valid (auth may probe Azure credentials). */
  readonly client: (host: string) => DeployClient;
  readonly schema: PreparedSchema;
  readonly cliVersion: string;
  readonly now?: () => Date;
}

const COMMAND_FNS: Record<CommandName, (c: CommandContext) => Promise<number>> = {
  validate,
  plan,
  deploy,
  destroy,
  summary,
};

/** `bundle <command>`: the same engine the orchestrator runs, with `databricks bundle`'s flags and output. */
export async function runBundleCli(deps: CliDeps): Promise<number> {
  const parsed = parseCli(deps.argv);
  if (parsed.kind === "error") {
    deps.io.err(`Error: ${parsed.message}\n${USAGE}`);
    return 1;
  }
  const args = parsed.args;
  const found = findBundleDir({
    userCwd: deps.userCwd,
    ...(args.bundleDir === undefined ? {} : { bundleDirFlag: args.bundleDir }),
    ...(deps.env["DATABRICKS_BUNDLE_ROOT"] === undefined
      ? {}
      : { bundleRootEnv: deps.env["DATABRICKS_BUNDLE_ROOT"] }),
  });
  if ("error" in found) {
    deps.io.err(`Error: ${found.error}\n`);
    return 1;
  }
  const host = (deps.env["DATABRICKS_HOST"] ?? "").replace(/\/+$/, "");
  if (host === "") {
    deps.io.err("Error: DATABRICKS_HOST is not set\n");
    return 1;
  }
  const dir = found.dir;
  let client: ReturnType<CliDeps["client"]>;
  try {
    client = deps.client(host);
  } catch (err) {
    deps.io.err(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const context: CommandContext = {
    args,
    host,
    userCwd: deps.userCwd,
    io: deps.io,
    deps: {
      client,
      snapshots: (layout, target) => fileSnapshotStore(dir, target, host, layout.files),
      now: deps.now ?? (() => new Date()),
      newId: randomUUID,
      cliVersion: deps.cliVersion,
    },
    input: {
      source: nodeSource(dir),
      tree: nodeTree(dir),
      schema: deps.schema,
      vars: args.vars,
      env: deps.env,
      ...(args.target === undefined ? {} : { target: args.target }),
    },
  };
  try {
    return await COMMAND_FNS[args.command](context);
  } catch (err) {
    deps.io.err(
      `Error: ${err instanceof DatabricksError || err instanceof Error ? err.message : String(err)}\n`,
    );
    return 1;
  }
}
