/** Public surface of the bundle engine (pure part: load, resolve, validate). */
export { validateBundle, type ValidateInput, type ValidateResult } from "./engine.js";
export { renderDiagnostic, hasErrors, type Diagnostic } from "./diagnostics.js";
export { renderJson } from "./render.js";
export { prepareSchema, type PreparedSchema, type JsonSchema } from "./schema.js";
export { memorySource, type BundleSource, type SourceEntry } from "./source.js";
export { SUPPORTED_RESOURCE_TYPES } from "./semantic.js";
export type { CurrentUser } from "./workspace.js";
export { planBundle, readState, renderPlanJson, renderPlanText, countActions } from "./plan/index.js";
export type { ActionType, DeployedState, Plan, PlanEntry, PlanInput, PlanResult } from "./plan/index.js";
export { validateWithLookups } from "./lookup-driver.js";
export { createRestLookups, type LookupApi, type LookupTransport } from "./lookup-rest.js";
export type { LookupFn, LookupKind, LookupRequest, LookupResult } from "./lookup.js";
