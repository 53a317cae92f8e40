import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import type { OrchestrationStarter } from "../durable/start-once.js";
import { instanceIdFor } from "../durable/instance-ids.js";
import { isAppError } from "../errors/app-error.js";
import { toHttpResponse } from "../errors/http.js";
import type { Logger } from "../runtime/logger.js";
import { readDelivery, WebhookNotConfiguredError } from "./delivery.js";
import { dispatchDelivery, type DeliveryAction } from "./dispatch.js";
import type { RoutingConfig } from "./routing-config.js";
import type { SignatureVerifier } from "./signature.js";

/** Settings the webhook needs, read through a function so the adapter decides how often to load them. */
export interface WebhookSettings {
  readonly verify: SignatureVerifier | undefined;
  readonly routing: RoutingConfig | undefined;
}

export interface GithubWebhookDeps {
  readonly settings: () => WebhookSettings;
  /** Name of the deploy orchestration the webhook starts. */
  readonly orchestrator: string;
  readonly logger: (context: InvocationContext) => Logger;
  readonly now?: () => Date;
}

/** The durable client is per invocation in Azure Functions, so the starter comes with each call. */
export type GithubWebhookHandler = (
  request: HttpRequest,
  context: InvocationContext,
  starter: OrchestrationStarter,
) => Promise<HttpResponseInit>;

const json = (status: number, body: unknown): HttpResponseInit => ({
  status,
  jsonBody: body,
  headers: { "cache-control": "no-store" },
});

/**
 * `POST /api/github/webhook`. Verifies, decides and at most starts one orchestration, keyed by the
 * delivery id, so it answers in milliseconds (GitHub gives up after 10 s and does not retry on its own)
 * and a redelivery finds the existing instance instead of deploying twice.
 */
export function createGithubWebhookHandler(deps: GithubWebhookDeps): GithubWebhookHandler {
  const now = deps.now ?? (() => new Date());
  return async (request, context, starter) => {
    const receivedAt = now().toISOString();
    let log = deps.logger(context);
    try {
      const { verify, routing } = deps.settings();
      if (verify === undefined) throw new WebhookNotConfiguredError();
      const delivery = await readDelivery(
        { header: (name) => request.headers.get(name), body: () => request.arrayBuffer() },
        verify,
      );
      log = log.child({ deliveryId: delivery.id, event: delivery.event });
      const action = dispatchDelivery(delivery, routing, { deliveryId: delivery.id, receivedAt }, log);
      return await respond(action, delivery.id, deps.orchestrator, starter, log);
    } catch (err) {
      if (isAppError(err) && err.status < 500)
        log.warn("github delivery rejected", { code: err.code, status: err.status });
      else log.error("github delivery failed", { error: err });
      return toHttpResponse(err);
    }
  };
}

async function respond(
  action: DeliveryAction,
  deliveryId: string,
  orchestrator: string,
  starter: OrchestrationStarter,
  log: Logger,
): Promise<HttpResponseInit> {
  if (action.kind === "pong") return json(200, { status: "pong" });
  if (action.kind === "logged") return json(200, { status: "logged" });
  if (action.kind === "ignored") return { status: 204 };
  const { decision } = action;
  if (decision.kind === "skip") {
    log.info("github delivery deploys nothing", { reason: decision.reason, detail: decision.detail });
    return json(200, { status: "skipped", reason: decision.reason, detail: decision.detail });
  }
  const instanceId = instanceIdFor("gh", deliveryId);
  const { started } = await starter.startOnce(orchestrator, instanceId, decision.request);
  const { target, sha } = decision.request;
  log.info(started ? "deploy orchestration started" : "redelivery of a started delivery", {
    instanceId,
    target,
    sha,
  });
  return json(202, { status: started ? "started" : "duplicate", instanceId, target, sha });
}
