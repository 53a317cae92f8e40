import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import type { DurableClient, DurableOrchestrationStatus } from "durable-functions";
import type { z } from "zod";
import { isAppError } from "../../errors/app-error.js";
import { toHttpResponse } from "../../errors/http.js";
import { NotFoundError, PayloadTooLargeError, ValidationError } from "../../errors/taxonomy.js";
import { BODY_MAX_BYTES } from "./api-schemas.js";
import { kindOf } from "./promotion-view.js";

/** The DurableClient calls the promotion API makes; small so tests pass a fake. */
export type PromotionClient = Pick<DurableClient, "getStatus" | "getStatusBy" | "startNew" | "raiseEvent">;

/** Reads a JSON body no larger than {@link BODY_MAX_BYTES} and validates it; 400 names every problem. */
export async function readBody<S extends z.ZodType>(request: HttpRequest, schema: S): Promise<z.output<S>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > BODY_MAX_BYTES) throw new PayloadTooLargeError(`Body exceeds ${BODY_MAX_BYTES} bytes`);
  const text = await request.text();
  if (Buffer.byteLength(text) > BODY_MAX_BYTES)
    throw new PayloadTooLargeError(`Body exceeds ${BODY_MAX_BYTES} bytes`);
  let json: unknown;
  try {
    json = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new ValidationError("Body is not JSON", { code: "BODY_NOT_JSON" });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) =>
      i.code === "unrecognized_keys"
        ? `${i.keys.join(", ")}: not a known field`
        : `${i.path.length > 0 ? i.path.join(".") : "(body)"}: ${i.message}`,
    );
    throw new ValidationError(`Invalid body: ${problems.join("; ")}`, { details: { problems } });
  }
  return parsed.data;
}

/** Links of one promotion, on the origin the caller used (behind App Service: the public host). */
export function promotionLinks(request: HttpRequest, id: string) {
  const base = `${new URL(request.url).origin}/api/promotions/${encodeURIComponent(id)}`;
  return {
    statusUrl: base,
    approveUrl: `${base}/approve`,
    rejectUrl: `${base}/reject`,
    cancelUrl: `${base}/cancel`,
  };
}

export function accepted(statusUrl: string, body: unknown): HttpResponseInit {
  return {
    status: 202,
    jsonBody: body,
    // Same contract as the Durable HTTP API's check-status response: poll Location after Retry-After.
    headers: { location: statusUrl, "retry-after": "10", "cache-control": "no-store" },
  };
}

export const ok = (body: unknown): HttpResponseInit => ({
  status: 200,
  jsonBody: body,
  headers: { "cache-control": "no-store" },
});

/** The instance behind an id, if it is one of ours; 404 otherwise (never reveals other instances). */
export async function findInstance(client: PromotionClient, id: string): Promise<DurableOrchestrationStatus> {
  const status = await lookup(client, id);
  if (status === undefined || kindOf(status) === undefined) throw new NotFoundError(`No promotion ${id}`);
  return status;
}

/** getStatus, with the library's thrown 404 read as "not there". */
export async function lookup(
  client: PromotionClient,
  id: string,
): Promise<DurableOrchestrationStatus | undefined> {
  try {
    return await client.getStatus(id);
  } catch {
    // durable-functions reports a missing instance only as a thrown 404 (see shared/durable/start-once.ts).
    return undefined;
  }
}

/**
 * Runs a handler and maps every error through the one `toHttpResponse`. A 409 about a running
 * promotion also carries the first one's URL in `Location`, so clients can follow it.
 */
export async function guarded(run: () => Promise<HttpResponseInit>): Promise<HttpResponseInit> {
  try {
    return await run();
  } catch (err) {
    const response = toHttpResponse(err);
    const url = isAppError(err) ? err.details?.statusUrl : undefined;
    if (response.status === 409 && typeof url === "string") {
      return { ...response, headers: { ...(response.headers as Record<string, string>), location: url } };
    }
    return response;
  }
}
