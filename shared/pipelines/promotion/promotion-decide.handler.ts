import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { ConflictError, ValidationError } from "../../errors/taxonomy.js";
import { decisionBody, statusQuery } from "./api-schemas.js";
import { authorize } from "./authorize.js";
import { principalFrom } from "./principal.js";
import {
  accepted,
  findInstance,
  ok,
  promotionLinks,
  readBody,
  type PromotionClient,
} from "./promotion-http.js";
import { kindOf, statusOf, viewOf } from "./promotion-view.js";
import { APPROVAL_EVENT, type ApprovalDecision, type PromotionInput } from "./promotion.contracts.js";
import type { PromotionApiDeps } from "./promotion-start.handler.js";

/** Steps in which a decision is accepted: raised during preflight, durable keeps the event until the wait. */
const DECIDABLE = new Set(["preflight", "awaiting_approval"]);

const ACTION = { approve: "approve", reject: "reject", cancel: "cancel" } as const;

/** `POST /api/promotions/{id}/approve|reject|cancel` with `{comment}`: raises the approval event. */
export function createDecisionHandler(deps: PromotionApiDeps, decision: ApprovalDecision["decision"]) {
  const now = deps.now ?? (() => new Date());
  return async (request: HttpRequest, client: PromotionClient): Promise<HttpResponseInit> => {
    const id = request.params.id ?? "";
    const caller = principalFrom(request.headers, deps.settings().devPrincipal);
    // Authenticate before revealing whether the instance exists.
    authorize(caller, "read");
    const status = await findInstance(client, id);
    if (kindOf(status) !== "promotion") throw new ConflictError(`${id} is a rollback, not a promotion`);
    const input = status.input as PromotionInput;
    const principal = authorize(caller, ACTION[decision], input.requester);
    const body = await readBody(request, decisionBody);
    const current = statusOf(status);
    if (!DECIDABLE.has(current)) {
      throw new ConflictError(`Promotion ${id} is ${current}; it no longer takes decisions`, {
        code: "PROMOTION_NOT_AWAITING_APPROVAL",
        details: { id, status: current },
      });
    }
    const event: ApprovalDecision = {
      decision,
      by: { id: principal.id, name: principal.name },
      ...(body.comment === undefined || body.comment === "" ? {} : { comment: body.comment }),
      at: now().toISOString(),
    };
    await client.raiseEvent(id, APPROVAL_EVENT, event);
    const links = promotionLinks(request, id);
    return accepted(links.statusUrl, { id, decision, ...links });
  };
}

/** `GET /api/promotions/{id}`. */
export function createGetPromotionHandler(deps: PromotionApiDeps) {
  return async (request: HttpRequest, client: PromotionClient): Promise<HttpResponseInit> => {
    authorize(principalFrom(request.headers, deps.settings().devPrincipal), "read");
    const status = await findInstance(client, request.params.id ?? "");
    return ok({ ...viewOf(status), links: promotionLinks(request, status.instanceId) });
  };
}

/** `GET /api/promotions?status=`: promotions and rollbacks, newest first, optionally one status. */
export function createListPromotionsHandler(deps: PromotionApiDeps) {
  return async (request: HttpRequest, client: PromotionClient): Promise<HttpResponseInit> => {
    authorize(principalFrom(request.headers, deps.settings().devPrincipal), "read");
    const raw = request.query.get("status");
    const wanted = raw === null ? undefined : statusQuery.safeParse(raw);
    if (wanted !== undefined && !wanted.success) {
      throw new ValidationError(wanted.error.issues[0]?.message ?? "invalid status");
    }
    const all = await client.getStatusBy({});
    const views = all
      .filter((s) => kindOf(s) !== undefined)
      .map(viewOf)
      .filter((v) => wanted === undefined || v.status === wanted.data)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return ok({ promotions: views });
  };
}
