import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import type { DurableClient } from "durable-functions";
import { AppError } from "../../errors/app-error.js";
import { ValidationError } from "../../errors/taxonomy.js";
import { PipelineConfigError } from "../config/load.js";
import { toHttpResponse } from "../../errors/http.js";
import { ingestStorageEvents, type IngestDeps } from "./ingest.js";
import { durableClientPort, type OrchestrationPort } from "./orchestration-port.js";

export interface StorageEventDeps extends Omit<IngestDeps, "orchestrations" | "logger"> {
  /** A logger per invocation, so lines carry the invocation id. */
  readonly logger: (context: InvocationContext) => IngestDeps["logger"];
}

const VALIDATION_EVENT = "Microsoft.EventGrid.SubscriptionValidationEvent";
const CLOUD_EVENTS = /^application\/cloudevents(-batch)?\+json\b/i;

function validationCode(events: readonly unknown[]): string | undefined {
  const first = events[0] as { eventType?: unknown; data?: { validationCode?: unknown } } | undefined;
  const code = first?.eventType === VALIDATION_EVENT ? first.data?.validationCode : undefined;
  return typeof code === "string" ? code : undefined;
}

/**
 * Our own broken sidecar is not the sender's fault: answer 503 so Event Grid retries after the fix
 * (a 400 would be dead-lettered at once).
 */
function configUnavailable(err: PipelineConfigError): AppError {
  return new AppError({ code: err.code, message: err.message, status: 503, retryable: true, cause: err });
}

/**
 * `POST|OPTIONS /api/events/storage`: Event Grid delivering to a plain webhook, so both validation
 * handshakes happen here (azure-docs webhook-event-delivery.md): the Event Grid schema's
 * SubscriptionValidation event is answered with its code, the CloudEvents OPTIONS request with
 * `WebHook-Allowed-Origin`. Other requests must be Event Grid notifications or CloudEvents batches.
 */
export function createStorageWebhookHandler(deps: StorageEventDeps) {
  return async (
    request: HttpRequest,
    client: DurableClient,
    context: InvocationContext,
  ): Promise<HttpResponseInit> => {
    try {
      if (request.method === "OPTIONS") {
        const origin = request.headers.get("webhook-request-origin");
        if (!origin)
          throw new ValidationError("Missing WebHook-Request-Origin header", { code: "NOT_A_HANDSHAKE" });
        return { status: 200, headers: { "WebHook-Allowed-Origin": origin, "WebHook-Allowed-Rate": "*" } };
      }
      let body: unknown;
      try {
        body = JSON.parse(await request.text());
      } catch {
        throw new ValidationError("The body is not JSON", { code: "MALFORMED_EVENTS" });
      }
      const events = Array.isArray(body) ? body : [body];
      const kind = request.headers.get("aeg-event-type")?.toLowerCase();
      if (kind === "subscriptionvalidation") {
        const code = validationCode(events);
        if (code === undefined)
          throw new ValidationError("No validationCode in the validation event", {
            code: "MALFORMED_EVENTS",
          });
        return { status: 200, jsonBody: { validationResponse: code } };
      }
      const cloud = CLOUD_EVENTS.test(request.headers.get("content-type") ?? "");
      if (kind !== "notification" && !cloud) {
        throw new ValidationError("Not an Event Grid delivery (aeg-event-type or CloudEvents content type)", {
          code: "NOT_EVENT_GRID",
        });
      }
      const summary = await ingestStorageEvents(events, {
        ...deps,
        logger: deps.logger(context),
        orchestrations: durableClientPort(client),
      });
      return { status: 200, jsonBody: summary };
    } catch (err) {
      return toHttpResponse(err instanceof PipelineConfigError ? configUnavailable(err) : err);
    }
  };
}

/**
 * The `app.eventGrid` trigger (the host did the handshake): one event per invocation, also when Event
 * Grid delivers a batch (the host invokes once per event, concurrently; `deps.delivery` groups them).
 * It takes a port rather than a client so one client can serve every invocation (`cachedClientPorts`).
 */
export function createStorageEventGridHandler(deps: StorageEventDeps) {
  return async (
    event: unknown,
    orchestrations: OrchestrationPort,
    context: InvocationContext,
  ): Promise<void> => {
    await ingestStorageEvents([event], { ...deps, logger: deps.logger(context), orchestrations });
  };
}
