import type { DurableClient } from "durable-functions";
import { UpstreamError, ValidationError } from "../../errors/taxonomy.js";
import { decodeCursor } from "./list-token.js";
import type { InstanceStatus } from "./status.js";

/** Pipeline instance ids are `tr-<hash>` (landing.activities.ts): the prefix keeps other orchestrations out. */
export const PIPELINE_ID_PREFIX = "tr-";
export const DEFAULT_TOP = 50;
export const MAX_TOP = 100;
/** Without `createdFrom` (and without a token) the first page starts this far back: recent runs first. */
export const DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Every query parameter `GET /api/pipelines` reads (docs/api/openapi.yaml; a test keeps both in sync). */
export const LIST_QUERY_PARAMS = [
  "bundle",
  "target",
  "top",
  "createdFrom",
  "createdTo",
  "continuationToken",
] as const;

/** One bounded read of the instance store: at most `top` instances, from where a token left off. */
export interface ListQuery {
  readonly top: number;
  readonly createdFrom?: string;
  readonly createdTo?: string;
  readonly continuationToken?: string;
}

export interface ListPage {
  readonly statuses: readonly InstanceStatus[];
  /** The store's own token; null when it has nothing more. */
  readonly continuationToken: string | null;
}

const time = (name: string, value: string | null): string | undefined => {
  if (value === null || value === "") return undefined;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms))
    throw new ValidationError(`${name} must be an ISO 8601 date-time`);
  return new Date(ms).toISOString();
};

/**
 * `top`, `createdFrom`, `createdTo` and `continuationToken` of `GET /api/pipelines` (docs/api/openapi.yaml).
 * A token carries its window, which then wins over the query's; without either, the window is the last
 * {@link DEFAULT_WINDOW_MS}.
 */
export function parseListQuery(query: URLSearchParams, nowMs: number): ListQuery {
  const rawTop = query.get("top");
  const top = rawTop === null || rawTop === "" ? DEFAULT_TOP : Number(rawTop);
  if (!Number.isInteger(top) || top < 1 || top > MAX_TOP)
    throw new ValidationError(`top must be an integer from 1 to ${MAX_TOP}`);
  const token = query.get("continuationToken");
  if (token !== null && token !== "") {
    const { storeToken, ...window } = decodeCursor(token);
    return { top, ...window, continuationToken: storeToken };
  }
  const createdFrom =
    time("createdFrom", query.get("createdFrom")) ?? new Date(nowMs - DEFAULT_WINDOW_MS).toISOString();
  const createdTo = time("createdTo", query.get("createdTo"));
  if (createdTo !== undefined && createdFrom > createdTo)
    throw new ValidationError("createdFrom must not be after createdTo");
  return { top, createdFrom, ...(createdTo === undefined ? {} : { createdTo }) };
}

interface StatusPayload {
  readonly name: string;
  readonly instanceId: string;
  readonly createdTime: string;
  readonly runtimeStatus: string;
  readonly customStatus?: unknown;
  readonly output?: unknown;
}

/**
 * One page of pipeline instances through the Durable HTTP API's instance query (`top`, `instanceIdPrefix`,
 * created-time window, `x-ms-continuation-token`). durable-functions 3.x has no paged query: its
 * `getStatusBy` follows every continuation token and so reads the whole store. The query URL is derived
 * from the client's own management URL (it carries the system key: never logged or put in an error).
 * Inputs are not read (`showInput=false`): a batch's file list can be long.
 */
export async function queryPipelines(
  client: Pick<DurableClient, "createHttpManagementPayload">,
  query: ListQuery,
  fetchFn: typeof globalThis.fetch = globalThis.fetch,
): Promise<ListPage> {
  const url = new URL(client.createHttpManagementPayload("x").statusQueryGetUri);
  url.pathname = url.pathname.replace(/\/instances\/x$/, "/instances/");
  url.searchParams.set("instanceIdPrefix", PIPELINE_ID_PREFIX);
  url.searchParams.set("top", String(query.top));
  url.searchParams.set("showInput", "false");
  if (query.createdFrom !== undefined) url.searchParams.set("createdTimeFrom", query.createdFrom);
  if (query.createdTo !== undefined) url.searchParams.set("createdTimeTo", query.createdTo);
  const headers: Record<string, string> = { accept: "application/json" };
  if (query.continuationToken !== undefined) headers["x-ms-continuation-token"] = query.continuationToken;
  const res = await fetchFn(url, { headers });
  if (!res.ok)
    throw new UpstreamError(`the durable instance query answered HTTP ${res.status}`, {
      code: "DURABLE_QUERY_FAILED",
      retryable: res.status >= 500 || res.status === 429,
    });
  const body = (await res.json()) as StatusPayload[];
  const statuses = (Array.isArray(body) ? body : []).map((s) => ({
    name: s.name,
    instanceId: s.instanceId,
    createdTime: new Date(s.createdTime).toISOString(),
    runtimeStatus: s.runtimeStatus,
    customStatus: s.customStatus,
    output: s.output,
  }));
  return { statuses, continuationToken: res.headers.get("x-ms-continuation-token") ?? null };
}
