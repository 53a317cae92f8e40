import type { z } from "zod";
import { ValidationError } from "../errors/taxonomy.js";
import type { Logger } from "../runtime/logger.js";
import type { Delivery } from "./delivery.js";
import type { RouteDecision } from "./deploy-request.js";
import { checkRunPayloadSchema, installationPayloadSchema, pushPayloadSchema } from "./payloads.js";
import { routePush, type DeliveryFacts } from "./push-route.js";
import { routeRerun } from "./rerun-route.js";
import type { RoutingConfig } from "./routing-config.js";

/** What a verified delivery asks of us; the handler turns it into a response. */
export type DeliveryAction =
  | { readonly kind: "pong" }
  | { readonly kind: "logged" }
  | { readonly kind: "ignored" }
  | { readonly kind: "route"; readonly decision: RouteDecision };

function parse<S extends z.ZodType>(schema: S, delivery: Delivery): z.output<S> {
  const parsed = schema.safeParse(delivery.payload);
  if (parsed.success) return parsed.data;
  // Field paths only: payload values can be long, and the response ends up in GitHub's delivery log.
  const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".") || "(root)"))].slice(0, 10);
  throw new ValidationError(`The ${delivery.event} payload has missing or invalid fields`, {
    code: "INVALID_PAYLOAD",
    details: { fields },
  });
}

/** Decides what a verified delivery does. Pure apart from the log line for installation events. */
export function dispatchDelivery(
  delivery: Delivery,
  routing: RoutingConfig | undefined,
  facts: DeliveryFacts,
  log: Logger,
): DeliveryAction {
  switch (delivery.event) {
    case "ping":
      return { kind: "pong" };
    case "push":
      return { kind: "route", decision: routePush(routing, parse(pushPayloadSchema, delivery), facts) };
    case "check_run":
      return { kind: "route", decision: routeRerun(routing, parse(checkRunPayloadSchema, delivery), facts) };
    case "installation":
    case "installation_repositories":
    case "installation_target": {
      const event = parse(installationPayloadSchema, delivery);
      log.info("github app installation changed", {
        action: event.action,
        installationId: event.installation.id,
        account: event.installation.account?.login,
      });
      return { kind: "logged" };
    }
    default:
      return { kind: "ignored" };
  }
}
