import { ForbiddenError, UnauthorizedError } from "../../errors/taxonomy.js";
import { ROLES, type Principal, type PrincipalResult, type PromotionRole } from "./principal.js";

/** What a caller wants to do to a promotion. */
export type PromotionAction = "request" | "approve" | "reject" | "cancel" | "rollback" | "read";

/** The role each action needs; reading needs either role (checked below). */
const NEEDS: Readonly<Record<Exclude<PromotionAction, "read">, PromotionRole>> = {
  request: ROLES.request,
  approve: ROLES.approve,
  reject: ROLES.approve,
  // The requester withdraws their own request, so cancelling needs the role that made it.
  cancel: ROLES.request,
  // Rolling production back is an approver's call: it changes production without a second person.
  rollback: ROLES.approve,
};

/** Who requested the promotion, for the four-eyes rule. */
export interface RequestedBy {
  readonly id: string;
}

/**
 * Decides whether the caller may act; returns the principal or throws the 401/403 to send.
 * Anonymous or malformed → 401; missing role → 403; the requester approving their own request → 403.
 * Rejecting one's own request is allowed: withdrawing needs no second person. Cancelling someone
 * else's request needs the approver role as well.
 */
export function authorize(
  result: PrincipalResult,
  action: PromotionAction,
  requestedBy?: RequestedBy,
): Principal {
  if (result.kind === "anonymous") throw new UnauthorizedError("Sign in to use the promotion API");
  if (result.kind === "invalid") throw new UnauthorizedError(result.reason);
  const { principal } = result;
  if (action === "read") {
    if (!principal.roles.some((r) => r === ROLES.request || r === ROLES.approve)) {
      throw new ForbiddenError(`Needs the app role ${ROLES.request} or ${ROLES.approve}`, {
        code: "ROLE_MISSING",
      });
    }
    return principal;
  }
  const role = NEEDS[action];
  if (!principal.roles.includes(role)) {
    throw new ForbiddenError(`Needs the app role ${role} to ${action}`, { code: "ROLE_MISSING" });
  }
  if (action === "approve" && requestedBy !== undefined && requestedBy.id === principal.id) {
    throw new ForbiddenError("The requester cannot approve their own promotion", { code: "SELF_APPROVAL" });
  }
  const isApprover = principal.roles.includes(ROLES.approve);
  if (action === "cancel" && requestedBy !== undefined && requestedBy.id !== principal.id && !isApprover) {
    throw new ForbiddenError("Only the requester or an approver can cancel a promotion", {
      code: "NOT_REQUESTER",
    });
  }
  return principal;
}
