import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import type { Config } from "../config/schema.js";
import type { FetchLike } from "../databricks/http.js";
import type { Lake } from "../lake/store.js";
import { createLake } from "./lake.js";
import { createLogger, jsonLinesSink, type LogSink, type Logger } from "./logger.js";
import { createWorkspaces, type Workspaces } from "./workspaces.js";

/** Everything the app builds once per worker process. */
export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  /** Bundle target → Databricks client (DATABRICKS_WORKSPACES). */
  readonly workspaces: Workspaces;
  /** Lake filesystems: lineage next to the data, the ledger and snapshots in ORCHESTRATOR_LAKE. */
  readonly lake: Lake;
}

export interface RuntimeDeps {
  /** Where app logs go; JSON lines on stdout unless a test passes its own. */
  readonly sink?: LogSink;
  /** Azure credential for Entra ID (Databricks auth entra, DFS); made on first use only. */
  readonly credential?: () => TokenCredential;
  readonly fetch?: FetchLike;
}

/** The composition root: the only place that turns config into live objects. */
export function createRuntime(config: Config, deps: RuntimeDeps = {}): Runtime {
  const logger = createLogger({
    sink: deps.sink ?? jsonLinesSink(),
    level: config.app.logLevel,
    fields: { environment: config.app.environment },
  });
  let credential: TokenCredential | undefined;
  // Lazily, so apps that never use Entra ID (the local stack) never build one, and nothing probes IMDS.
  const azureCredential =
    deps.credential ??
    (() =>
      (credential ??= new DefaultAzureCredential(
        config.databricks.managedIdentityClientId === undefined
          ? {}
          : { managedIdentityClientId: config.databricks.managedIdentityClientId },
      )));
  const workspaces = createWorkspaces(config.databricks, {
    credential: azureCredential,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const lake = createLake(config.lake, { credential: azureCredential });
  return Object.freeze({ config, logger, workspaces, lake });
}
