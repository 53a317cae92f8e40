export { type DatabricksAuth, type ExpiringToken, patAuth, TokenCache } from "./auth.js";
export { databricksScope, entraIdAuth, type EntraIdAuthOptions, managementScope } from "./auth-entra.js";
export { oauthM2mAuth, type OAuthM2mOptions } from "./auth-oauth.js";
export { classifyRun, type RunOutcome } from "./classify-run.js";
export {
  createDatabricksClient,
  type DatabricksClient,
  type DatabricksClientOptions,
  type MlflowApi,
} from "./client.js";
export { type Clock, systemClock } from "./clock.js";
export { DatabricksError, type DatabricksErrorCode, isAlreadyExists, isNotFound } from "./errors.js";
export type { CallOptions, FetchLike } from "./http.js";
export type { JobsApi } from "./jobs.js";
export type * from "./jobs-types.js";
export type { DatabricksLogger } from "./logger.js";
export type { MlflowRegistryApi } from "./mlflow-registry.js";
export type { MlflowTrackingApi } from "./mlflow-tracking.js";
export type * from "./mlflow-types.js";
export { collect, type Page, paginate } from "./pagination.js";
export {
  createRateLimiter,
  databricksRateRules,
  type RateLimiter,
  type RateLimitOptions,
  type RateRule,
} from "./rate-limit.js";
export type { RetryOptions } from "./retry.js";
export type { RunsApi } from "./runs.js";
export type * from "./runs-types.js";
export type { ScimApi, ScimUser } from "./scim.js";
export type * from "./unity-catalog.js";
export type * from "./workspace.js";
export type { WorkspaceFilesApi } from "./workspace-files.js";
export type { ApiRequest, Transport } from "./http.js";
