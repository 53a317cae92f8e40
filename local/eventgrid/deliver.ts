import { randomUUID } from "node:crypto";
import type { DeliverySchema, Subscription } from "./config.js";
import type { EndpointKind } from "./retry.js";

/**
 * One HTTP delivery as Event Grid makes it (webhook-event-delivery.md): a POST of an array holding one
 * event, `aeg-*` headers, and for webhooks the validation handshake of the schema before the first event.
 */

/** Where the local host is and how to read its Event Grid system key (it exists once the host started). */
export interface HostEndpoint {
  readonly url: string;
  readonly systemKey: () => string | undefined;
}

export interface Target {
  readonly kind: EndpointKind;
  /** The URL to post to, or undefined while it cannot be built (the host has not written its keys yet). */
  url(): string | undefined;
}

export function resolveTarget(endpoint: Subscription["endpoint"], host: HostEndpoint | undefined): Target {
  if ("url" in endpoint) return { kind: "webhook", url: () => endpoint.url };
  return {
    kind: "function",
    url: () => {
      const key = host?.systemKey();
      if (host === undefined || key === undefined) return undefined;
      // The extension URL of the Functions host: /runtime/webhooks/eventgrid with the system key.
      const params = new URLSearchParams({ functionName: endpoint.function, code: key });
      return `${host.url}/runtime/webhooks/eventgrid?${params.toString()}`;
    },
  };
}

const contentTypes: Record<DeliverySchema, string> = {
  EventGridSchema: "application/json; charset=utf-8",
  CloudEventSchemaV1_0: "application/cloudevents-batch+json; charset=utf-8",
};

export interface AttemptResult {
  /** HTTP status, or undefined when no answer came in time or the connection failed. */
  readonly status: number | undefined;
  readonly error?: string;
}

export async function postEvent(
  url: string,
  subscription: Subscription,
  event: Record<string, unknown>,
  deliveryCount: number,
  timeoutMs: number,
): Promise<AttemptResult> {
  const headers: Record<string, string> = {
    "content-type": contentTypes[subscription.eventDeliverySchema],
    "aeg-event-type": "Notification",
    "aeg-subscription-name": subscription.name.toUpperCase(),
    "aeg-delivery-count": String(deliveryCount),
    "aeg-metadata-version": "1",
  };
  if (typeof event.dataVersion === "string") headers["aeg-data-version"] = event.dataVersion;
  try {
    const res = await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify([event]),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    return { status: res.status };
  } catch (err) {
    return { status: undefined, error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * The handshake Event Grid makes when a webhook subscription is created: SubscriptionValidation for the
 * Event Grid schema (answer `{validationResponse}` with 200), the CloudEvents OPTIONS abuse protection
 * otherwise (answer with WebHook-Allowed-Origin). Resolves with why it failed, or undefined when it passed.
 */
export async function validateWebhook(
  url: string,
  subscription: Subscription,
  timeoutMs: number,
): Promise<string | undefined> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    if (subscription.eventDeliverySchema === "CloudEventSchemaV1_0") {
      const origin = "eventgrid.azure.net";
      const res = await fetch(url, {
        method: "OPTIONS",
        headers: { "webhook-request-origin": origin },
        signal,
      });
      await res.body?.cancel();
      const allowed = res.headers.get("webhook-allowed-origin");
      if (res.status !== 200) return `OPTIONS answered ${res.status}`;
      return allowed === origin || allowed === "*" ? undefined : "no WebHook-Allowed-Origin in the answer";
    }
    const code = randomUUID();
    const validation = {
      id: randomUUID(),
      topic: "/subscriptions/00000000-0000-0000-0000-000000000000",
      subject: "",
      data: { validationCode: code, validationUrl: `${url}#manual-validation-is-not-emulated` },
      eventType: "Microsoft.EventGrid.SubscriptionValidationEvent",
      eventTime: new Date().toISOString(),
      metadataVersion: "1",
      dataVersion: "1",
    };
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        "aeg-event-type": "SubscriptionValidation",
      },
      body: JSON.stringify([validation]),
      signal,
    });
    const text = await res.text();
    if (res.status !== 200) return `SubscriptionValidation answered ${res.status}`;
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      return "SubscriptionValidation answer is not JSON";
    }
    const echoed = (answer as { validationResponse?: unknown } | null)?.validationResponse;
    return echoed === code ? undefined : "SubscriptionValidation answer does not echo the validation code";
  } catch (err) {
    return `handshake failed: ${err instanceof Error ? err.message : String(err)}`;
  }
}
