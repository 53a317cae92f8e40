import type { DatabricksAuth } from "./auth.js";
import { type Clock, systemClock } from "./clock.js";
import { type FetchLike, normaliseHost } from "./http.js";
import { createJobsApi, type JobsApi } from "./jobs.js";
import { type DatabricksLogger, silentLogger } from "./logger.js";
import { createMlflowRegistryApi, type MlflowRegistryApi } from "./mlflow-registry.js";
import { createMlflowTrackingApi, type MlflowTrackingApi } from "./mlflow-tracking.js";
import { createRateLimiter, type RateLimiter, type RateLimitOptions, unlimited } from "./rate-limit.js";
import { type RetryOptions, retryPolicy } from "./retry.js";
import { createScimApi, type ScimApi } from "./scim.js";
import { createTransport } from "./transport.js";
import { createUnityCatalogModelsApi, type UnityCatalogModelsApi } from "./unity-catalog.js";
import { createWorkspaceApi, type WorkspaceApi } from "./workspace.js";
import { createWorkspaceFilesApi, type WorkspaceFilesApi } from "./workspace-files.js";
import type { Transport } from "./http.js";

/** MLflow tracking and the workspace model registry. */
export type MlflowApi = MlflowTrackingApi & MlflowRegistryApi;

/** Settings for one workspace; all I/O is injectable. */
export interface DatabricksClientOptions {
  /** Workspace URL, e.g. `https://adb-123.4.azuredatabricks.net` (scheme optional). */
  host: string;
  auth: DatabricksAuth;
  fetch?: FetchLike;
  clock?: Clock;
  logger?: DatabricksLogger;
  retry?: RetryOptions;
  /**
   * Client-side limits: options for a new limiter, a shared {@link RateLimiter} (one per workspace,
   * built in shared/runtime, when several clients talk to the same workspace), or `false` for none.
   */
  rateLimit?: RateLimitOptions | RateLimiter | false;
  /** Per-attempt timeout, ms. Default 60 000. */
  timeoutMs?: number;
  userAgent?: string;
}

/** One workspace's APIs. */
export interface DatabricksClient {
  workspace: WorkspaceApi;
  workspaceFiles: WorkspaceFilesApi;
  jobs: JobsApi;
  mlflow: MlflowApi;
  unityCatalog: UnityCatalogModelsApi;
  scim: ScimApi;
  /** Typed calls to endpoints no module wraps yet (bundle resource CRUD in shared/bundles/deploy). */
  rest: Transport;
}

/** Builds the client; call from the composition root (shared/runtime) only. */
export function createDatabricksClient(options: DatabricksClientOptions): DatabricksClient {
  const clock = options.clock ?? systemClock;
  const transport = createTransport({
    host: normaliseHost(options.host),
    auth: options.auth,
    fetch: options.fetch ?? ((url, init) => globalThis.fetch(url, init)),
    clock,
    logger: options.logger ?? silentLogger,
    retry: retryPolicy(options.retry),
    limiter: limiterFrom(options.rateLimit, clock),
    timeoutMs: options.timeoutMs ?? 60_000,
    userAgent: options.userAgent ?? "databricks-ml-orchestrator/0.1.0",
  });
  return {
    workspace: createWorkspaceApi(transport),
    workspaceFiles: createWorkspaceFilesApi(transport),
    jobs: createJobsApi(transport),
    mlflow: { ...createMlflowTrackingApi(transport), ...createMlflowRegistryApi(transport) },
    unityCatalog: createUnityCatalogModelsApi(transport),
    scim: createScimApi(transport),
    rest: transport,
  };
}

function limiterFrom(option: DatabricksClientOptions["rateLimit"], clock: Clock): RateLimiter {
  if (option === false) return unlimited;
  if (option !== undefined && "acquire" in option) return option;
  return createRateLimiter(option ?? {}, clock);
}
