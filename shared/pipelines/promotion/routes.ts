import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import {
  createDecisionHandler,
  createGetPromotionHandler,
  createListPromotionsHandler,
} from "./promotion-decide.handler.js";
import { guarded, type PromotionClient } from "./promotion-http.js";
import {
  createRollbackHandler,
  createStartPromotionHandler,
  promotionApiSettings,
  type PromotionApiDeps,
} from "./promotion-start.handler.js";
import type { Runtime } from "../../runtime/runtime.js";
import { promotionActivityTable, type ActivityEntry } from "./activity-table.js";
import { promoteOrchestrator } from "./promote.orchestrator.js";
import { PROMOTE_ORCHESTRATION, ROLLBACK_ORCHESTRATION } from "./promotion.contracts.js";
import { rollbackOrchestrator } from "./rollback.orchestrator.js";
import { lazyPromotionDeps, promotionDepsFrom, type PromotionRuntimeOptions } from "./runtime-deps.js";

/** One HTTP function of the promotion API: the table functions/promotions.ts registers. */
export interface PromotionRoute {
  /** Function name; stable (keys and logs refer to it). */
  readonly name: string;
  readonly route: string;
  readonly method: "GET" | "POST";
  readonly handle: (request: HttpRequest, client: PromotionClient) => Promise<HttpResponseInit>;
}

type Handler = (request: HttpRequest, client: PromotionClient) => Promise<HttpResponseInit>;
const wrap =
  (handler: Handler): Handler =>
  (request, client) =>
    guarded(() => handler(request, client));

/** Every route; `promotions/rollback` is POST-only, so it never shadows `GET promotions/{id}`. */
function api(deps: PromotionApiDeps): PromotionRoute[] {
  return [
    {
      name: "promotionsStart",
      route: "promotions",
      method: "POST",
      handle: wrap(createStartPromotionHandler(deps)),
    },
    {
      name: "promotionsList",
      route: "promotions",
      method: "GET",
      handle: wrap(createListPromotionsHandler(deps)),
    },
    {
      name: "promotionsRollback",
      route: "promotions/rollback",
      method: "POST",
      handle: wrap(createRollbackHandler(deps)),
    },
    {
      name: "promotionsGet",
      route: "promotions/{id}",
      method: "GET",
      handle: wrap(createGetPromotionHandler(deps)),
    },
    {
      name: "promotionsApprove",
      route: "promotions/{id}/approve",
      method: "POST",
      handle: wrap(createDecisionHandler(deps, "approve")),
    },
    {
      name: "promotionsReject",
      route: "promotions/{id}/reject",
      method: "POST",
      handle: wrap(createDecisionHandler(deps, "reject")),
    },
    {
      name: "promotionsCancel",
      route: "promotions/{id}/cancel",
      method: "POST",
      handle: wrap(createDecisionHandler(deps, "cancel")),
    },
  ];
}

/**
 * The activity table over the worker's runtime, built on first use inside an invocation (so a missing
 * setting fails that invocation with a ConfigError naming it, not the host at load).
 */
function activities(runtime: () => Runtime, options: PromotionRuntimeOptions): ActivityEntry[] {
  return promotionActivityTable(lazyPromotionDeps(() => promotionDepsFrom(runtime(), options)));
}

/** What functions/promotions.ts wires: the API table, the settings mapping, activities and orchestrations. */
export const promote = {
  api,
  activities,
  settingsOf: promotionApiSettings,
  orchestrations: {
    promote: { name: PROMOTE_ORCHESTRATION, handler: promoteOrchestrator },
    rollback: { name: ROLLBACK_ORCHESTRATION, handler: rollbackOrchestrator },
  },
} as const;
