import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import type { Config } from "../../config/schema.js";
import { instanceIdFor } from "../../durable/instance-ids.js";
import { ConflictError } from "../../errors/taxonomy.js";
import { rollbackBody, startPromotionBody } from "./api-schemas.js";
import { authorize } from "./authorize.js";
import { principalFrom, type Principal } from "./principal.js";
import { accepted, lookup, promotionLinks, readBody, type PromotionClient } from "./promotion-http.js";
import { isRunning } from "./promotion-view.js";
import { PROMOTE_ORCHESTRATION, ROLLBACK_ORCHESTRATION, type PromotionInput } from "./promotion.contracts.js";
import type { RollbackInput } from "./rollback.orchestrator.js";

/** What the start handlers need from the config (read per call: the adapter decides caching). */
export interface PromotionApiSettings {
  readonly approvalTimeoutSeconds: number;
  readonly reminderWebhook: boolean;
  readonly devPrincipal: boolean;
}

export interface PromotionApiDeps {
  readonly settings: () => PromotionApiSettings;
  readonly now?: () => Date;
}

const person = (p: Principal) => ({ id: p.id, name: p.name });

/**
 * Refuses a second running instance for the same business key: the 409 names the first one's URL.
 * The check-then-start can race (Azure/azure-functions-durable-extension#367); ADR 0020 accepts that.
 */
async function ensureFree(client: PromotionClient, request: HttpRequest, id: string): Promise<void> {
  const existing = await lookup(client, id);
  if (existing !== undefined && isRunning(existing)) {
    const { statusUrl } = promotionLinks(request, id);
    throw new ConflictError(`A promotion for this model and target is already running: ${statusUrl}`, {
      code: "PROMOTION_RUNNING",
      details: { id, statusUrl },
    });
  }
}

/** `POST /api/promotions`: validates, authorizes and starts `promote` keyed by (model, to). */
export function createStartPromotionHandler(deps: PromotionApiDeps) {
  const now = deps.now ?? (() => new Date());
  return async (request: HttpRequest, client: PromotionClient): Promise<HttpResponseInit> => {
    const settings = deps.settings();
    const principal = authorize(principalFrom(request.headers, settings.devPrincipal), "request");
    const body = await readBody(request, startPromotionBody);
    const id = instanceIdFor("promo", [body.model, body.to]);
    await ensureFree(client, request, id);
    const requestedAt = now().toISOString();
    const input: PromotionInput = {
      promotionId: id,
      recordId: `${id}@${requestedAt}`,
      bundle: body.bundle,
      model: body.model,
      ...(body.version === undefined ? {} : { version: body.version }),
      from: body.from,
      to: body.to,
      reason: body.reason,
      requester: person(principal),
      requestedAt,
      approvalTimeoutSeconds: settings.approvalTimeoutSeconds,
      reminderWebhook: settings.reminderWebhook,
    };
    await client.startNew(PROMOTE_ORCHESTRATION, { instanceId: id, input });
    const links = promotionLinks(request, id);
    return accepted(links.statusUrl, { id, status: "preflight", ...links });
  };
}

/** `POST /api/promotions/rollback`: starts `rollbackChampion` keyed by (model, target). */
export function createRollbackHandler(deps: PromotionApiDeps) {
  const now = deps.now ?? (() => new Date());
  return async (request: HttpRequest, client: PromotionClient): Promise<HttpResponseInit> => {
    const settings = deps.settings();
    const principal = authorize(principalFrom(request.headers, settings.devPrincipal), "rollback");
    const body = await readBody(request, rollbackBody);
    const id = instanceIdFor("rollback", [body.model, body.target]);
    await ensureFree(client, request, id);
    const requestedAt = now().toISOString();
    const input: RollbackInput = {
      recordId: `${id}@${requestedAt}`,
      model: body.model,
      target: body.target,
      alias: "champion",
      requester: person(principal),
      requestedAt,
      reason: body.reason,
    };
    await client.startNew(ROLLBACK_ORCHESTRATION, { instanceId: id, input });
    const { statusUrl } = promotionLinks(request, id);
    return accepted(statusUrl, { id, status: "planning", statusUrl });
  };
}

/** The API's slice of the app config. */
export function promotionApiSettings(config: Config): PromotionApiSettings {
  return {
    approvalTimeoutSeconds: config.promotion.approvalTimeoutSeconds,
    reminderWebhook: config.promotion.reminderWebhookUrl !== undefined,
    devPrincipal: config.promotion.devPrincipal,
  };
}
