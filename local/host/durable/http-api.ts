import type { PlainRequest, PlainResponse } from "../contracts.js";
import type { Operations, Outcome } from "./operations.js";
import { statusPayload } from "./operations.js";
import type { RuntimeStatus } from "./model.js";
import { isTerminal } from "./model.js";
import type { ManagementUrls } from "./urls.js";

const PREFIXES = ["/runtime/webhooks/durabletask/", "/durabletask/"];
const RUNTIME_STATUSES = new Set<string>([
  "Pending",
  "Running",
  "Completed",
  "Failed",
  "Terminated",
  "Suspended",
  "ContinuedAsNew",
  "Canceled",
]);

const json = (status: number, body: unknown, headers: Record<string, string> = {}): PlainResponse => ({
  status,
  body,
  headers,
});
const error = (status: number, message: string): PlainResponse => json(status, { message });
const fromOutcome = <T>(o: Outcome<T>, onOk: (v: T) => PlainResponse): PlainResponse =>
  o.ok ? onOk(o.value) : error(o.status, o.message);

/**
 * The Durable Functions HTTP API (the extension's HttpApiHandler) over the engine's operations: the paths,
 * verbs and status codes that the real DurableClient and createCheckStatusResponse URLs rely on.
 */
export function createDurableHttpApi(ops: Operations, urls: ManagementUrls) {
  const checkStatus = (id: string): PlainResponse => {
    const payload = urls.forInstance(id);
    return json(202, payload, { Location: payload.statusQueryGetUri, "Retry-After": "10" });
  };

  return async function handle(req: PlainRequest): Promise<PlainResponse | undefined> {
    const prefix = PREFIXES.find((p) => req.url.pathname.startsWith(p));
    if (!prefix) return undefined;
    const parts = req.url.pathname.slice(prefix.length).split("/").map(decodeURIComponent);
    const q = req.url.searchParams;
    const [area, id, action, extra] = parts;
    await Promise.resolve();
    if (area === "orchestrators" && id) {
      if (req.method !== "POST") return error(405, "Use POST to start an orchestration.");
      const input = bodyJson(req);
      if (input === false) return error(400, "The request body must be valid JSON.");
      return fromOutcome(
        await ops.startGrouped(id, action || undefined, input, q.get("version") ?? ""),
        checkStatus,
      );
    }
    if (area === "entities")
      return error(
        501,
        "Durable entities are not supported by the local host (docs/adr/0001-durable-engine.md).",
      );
    if (area !== "instances") return undefined;
    if (!id) return collection(req, ops);
    if (!action) return single(req, ops, id);
    if (req.method !== "POST") return error(405, `Use POST for ${action}.`);
    const reason = q.get("reason") ?? "";
    switch (action) {
      case "raiseEvent": {
        if (!extra) return error(400, "An event name is required.");
        const type = req.headers["content-type"] ?? "";
        if (req.body.length > 0 && !type.includes("json"))
          return error(400, "The content type must be application/json.");
        const input = bodyJson(req);
        if (input === false) return error(400, "The event data must be valid JSON.");
        return fromOutcome(await ops.raiseEventGrouped(id, extra, input ?? ""), () => json(202, null));
      }
      case "terminate":
        return fromOutcome(ops.terminate(id, reason), () => json(202, null));
      case "suspend":
        return fromOutcome(ops.suspend(id, reason), () => json(202, null));
      case "resume":
        return fromOutcome(ops.resume(id, reason), () => json(202, null));
      case "restart":
        return fromOutcome(ops.restart(id, q.get("restartWithNewInstanceId") !== "false"), checkStatus);
      case "rewind":
        return error(501, "Rewind is not supported by the local host (docs/adr/0001-durable-engine.md).");
      default:
        return error(404, `Unknown operation '${action}'.`);
    }
  };
}

/** The body as JSON text: null when empty, false when it is not JSON. */
function bodyJson(req: PlainRequest): string | null | false {
  const text = req.body.toString("utf8").trim();
  if (text === "") return null;
  try {
    JSON.parse(text);
    return text;
  } catch {
    return false;
  }
}

function single(req: PlainRequest, ops: Operations, id: string): PlainResponse {
  const q = req.url.searchParams;
  if (req.method === "DELETE") return fromOutcome(ops.purge(id), (n) => json(200, { instancesDeleted: n }));
  if (req.method !== "GET") return error(405, "Use GET or DELETE on an instance.");
  const instance = ops.get(id);
  if (!instance) return error(404, `No instance with ID '${id}' was found.`);
  const options = {
    showHistory: q.get("showHistory") === "true",
    showHistoryOutput: q.get("showHistoryOutput") === "true",
    showInput: q.get("showInput") !== "false",
  };
  const body = statusPayload(instance, options, options.showHistory ? ops.history(id) : undefined);
  const failedIs500 = q.get("returnInternalServerErrorOnFailure") === "true" && instance.status === "Failed";
  return json(failedIs500 ? 500 : isTerminal(instance.status) ? 200 : 202, body);
}

function collection(req: PlainRequest, ops: Operations): PlainResponse {
  const q = req.url.searchParams;
  const statuses = (q.get("runtimeStatus") ?? "").split(",").filter(Boolean);
  const bad = statuses.find((s) => !RUNTIME_STATUSES.has(s));
  if (bad) return error(400, `Unknown runtimeStatus '${bad}'.`);
  const from = timeParam(q.get("createdTimeFrom"));
  const to = timeParam(q.get("createdTimeTo"));
  if (from === null || to === null)
    return error(400, "createdTimeFrom and createdTimeTo must be ISO 8601 times.");
  const filter = {
    ...(statuses.length ? { runtimeStatus: statuses as RuntimeStatus[] } : {}),
    ...(from !== undefined ? { createdTimeFrom: from } : {}),
    ...(to !== undefined ? { createdTimeTo: to } : {}),
    ...(q.get("instanceIdPrefix") ? { instanceIdPrefix: q.get("instanceIdPrefix") ?? "" } : {}),
  };
  if (req.method === "DELETE") {
    if (from === undefined) return error(400, "Purging by filter requires createdTimeFrom.");
    const n = ops.purgeWhere(filter);
    return n > 0 ? json(200, { instancesDeleted: n }) : error(404, "No instances matched the filter.");
  }
  if (req.method !== "GET") return error(405, "Use GET or DELETE on the instance collection.");
  const top = Math.min(Math.max(Number(q.get("top") ?? 100) || 100, 1), 1000);
  const token = req.headers["x-ms-continuation-token"];
  const page = ops.select({ ...filter, top, ...(token ? { continuationToken: token } : {}) });
  const showInput = q.get("showInput") !== "false";
  const body = page.items.map((i) => statusPayload(i, { showInput }));
  return json(200, body, page.next ? { "x-ms-continuation-token": page.next } : {});
}

/** undefined when absent, null when malformed. */
function timeParam(value: string | null): number | undefined | null {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}
