/** Public surface of the plan step (issue #4 item 5). */
export { planBundle } from "./plan.js";
export { renderPlanJson, renderPlanText, renderPlanError, countActions, type ActionCounts } from "./render.js";
export type { ActionType, ChangeDesc, DependsOn, DeployedState, NewState, Plan, PlanEntry, PlanInput, PlanResult, StateEntry } from "./types.js";
export { readState, type ReadStateResult } from "./state.js";
export { jobRemote } from "./remote.js";
