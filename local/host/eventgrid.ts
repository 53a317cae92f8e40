import type { IncomingMessage } from "node:http";
import { authorizeSystem, presentedKey } from "./keys.js";
import { HttpError, json, readBody, type Reply } from "./http-util.js";
import type { HostContext } from "./host-context.js";

/**
 * `/runtime/webhooks/eventgrid?functionName=<name>`, modelled on the WebJobs Event Grid extension
 * (azure-sdk-for-net Microsoft.Azure.WebJobs.Extensions.EventGrid: HttpRequestProcessor and
 * EventGridExtensionConfigProvider). Decisions where we differ are in docs/adr/0002-local-host-shell.md.
 */
export const eventGridPath = "/runtime/webhooks/eventgrid";

const cloudEventTypes = /^application\/cloudevents(-batch)?\+json\b/i;

function validationCode(payload: unknown): string | undefined {
  const first: unknown = Array.isArray(payload) ? payload[0] : payload;
  let data = (first as { data?: unknown } | undefined)?.data;
  // The CloudEvents validation event double-encodes its data (HttpRequestProcessor).
  if (typeof data === "string") {
    try {
      data = JSON.parse(data);
    } catch {
      return undefined;
    }
  }
  const code = (data as { validationCode?: unknown } | undefined)?.validationCode;
  return typeof code === "string" ? code : undefined;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export async function handleEventGrid(req: IncomingMessage, url: URL, ctx: HostContext): Promise<Reply> {
  if (!authorizeSystem(ctx.keys, "eventgrid_extension", presentedKey(url, req.headers))) throw new HttpError(401, "Unauthorized");
  const name = url.searchParams.get("functionName") ?? "";
  const fn = ctx.registry.functions.get(name);
  if (!fn || fn.triggerType.toLowerCase() !== "eventgridtrigger") throw new HttpError(404, `cannot find function: '${name}'`);

  // CloudEvents 1.0 abuse protection (http-webhook spec §4): echo the origin we are asked about.
  if (req.method === "OPTIONS") {
    const origin = header(req, "webhook-request-origin");
    if (!origin) throw new HttpError(400, "Missing WebHook-Request-Origin header");
    return { status: 200, headers: { "webhook-allowed-origin": origin, "webhook-allowed-rate": "*", allow: "POST, OPTIONS" } };
  }
  if (req.method !== "POST") throw new HttpError(405, "Method not allowed", { allow: "POST, OPTIONS" });

  const raw = await readBody(req, ctx.maxBodyBytes);
  let payload: unknown;
  try {
    payload = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new HttpError(400, "The request body is not valid JSON");
  }
  const eventType = header(req, "aeg-event-type")?.toLowerCase();
  if (eventType === "subscriptionvalidation") {
    const code = validationCode(payload);
    if (!code) throw new HttpError(400, "No validationCode in the SubscriptionValidation event");
    ctx.log("information", `perform handshake with eventGrid for function: ${name}`);
    return json(200, { validationResponse: code });
  }
  if (eventType === "unsubscribe") return { status: 202 };
  const isCloudEvents = cloudEventTypes.test(header(req, "content-type") ?? "");
  if (eventType !== "notification" && !isCloudEvents) throw new HttpError(400, "Missing or unknown aeg-event-type header");

  const events = Array.isArray(payload) ? payload : [payload];
  if (events.length === 0 || events.some((e) => typeof e !== "object" || e === null || Array.isArray(e))) {
    throw new HttpError(400, "Expected a JSON object or an array of objects");
  }
  // Like the extension: all events in parallel, and one failure fails the batch so Event Grid retries it.
  const results = await Promise.allSettled(events.map((e) => ctx.invoker.invoke(name, e)));
  const failed = results.filter((r) => r.status === "rejected").length;
  if (failed > 0) return json(500, { error: `${failed} of ${events.length} event(s) failed` });
  return { status: 202 };
}
