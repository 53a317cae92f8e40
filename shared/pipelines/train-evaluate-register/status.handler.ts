import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import type { DurableClient, DurableOrchestrationStatus } from "durable-functions";
import { NotFoundError, ValidationError } from "../../errors/taxonomy.js";
import { toHttpResponse } from "../../errors/http.js";
import { PIPELINE_ORCHESTRATION } from "./pipeline.contracts.js";
import { listBody, statusBody, type InstanceStatus } from "./status.js";
import { encodeCursor } from "./list-token.js";
import { parseListQuery, queryPipelines, type ListPage, type ListQuery } from "./status-query.js";

/** The orchestration-client reads the status API needs; small so tests pass a fake. */
export interface StatusPort {
  /** Undefined when no instance has this id. */
  get(instanceId: string): Promise<InstanceStatus | undefined>;
  /** One bounded page of pipeline instances (never the whole store). */
  list(query: ListQuery): Promise<ListPage>;
}

const plain = (s: DurableOrchestrationStatus): InstanceStatus => ({
  name: s.name,
  instanceId: s.instanceId,
  createdTime: new Date(s.createdTime).toISOString(),
  runtimeStatus: s.runtimeStatus,
  input: s.input,
  customStatus: s.customStatus,
  output: s.output,
});

/** durable-functions 3.5 reports a missing instance only as a thrown 404 message (DurableClient.js). */
export function durableStatusPort(
  client: Pick<DurableClient, "getStatus" | "createHttpManagementPayload">,
  fetchFn: typeof globalThis.fetch = globalThis.fetch,
): StatusPort {
  return {
    async get(instanceId) {
      try {
        return plain(await client.getStatus(instanceId, { showInput: true }));
      } catch (err) {
        if (err instanceof Error && /replied with HTTP 404 response/.test(err.message)) return undefined;
        throw err;
      }
    },
    list: (query) => queryPipelines(client, query, fetchFn),
  };
}

// Instance ids the pipeline uses (tr-<hash>) and anything the host accepts short of / \ # ?.
const INSTANCE_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const json = (status: number, body: unknown): HttpResponseInit => ({ status, jsonBody: body });

/** Fills in run ids and URLs of running steps from their runJob child, which knows them first. */
async function withLiveRuns(port: StatusPort, body: ReturnType<typeof statusBody>, status: InstanceStatus) {
  const view = status.customStatus as { steps?: { name: string; instanceId: string | null }[] } | undefined;
  const steps = await Promise.all(
    body.steps.map(async (step) => {
      const childId = view?.steps?.find((s) => s.name === step.name)?.instanceId;
      if (step.state !== "running" || step.runId !== null || !childId) return step;
      const child = (await port.get(childId))?.customStatus as
        { runId?: string; runPageUrl?: string | null } | undefined;
      return { ...step, runId: child?.runId ?? null, runUrl: child?.runPageUrl ?? null };
    }),
  );
  return { ...body, steps };
}

/** `GET /api/pipelines/{instanceId}`: 404 for unknown ids and for instances of other orchestrations. */
export function createGetPipelineHandler(port: (client: DurableClient) => StatusPort) {
  return async (request: HttpRequest, client: DurableClient): Promise<HttpResponseInit> => {
    try {
      const id = request.params["instanceId"] ?? "";
      if (!INSTANCE_ID.test(id)) throw new NotFoundError(`no pipeline ${JSON.stringify(id.slice(0, 100))}`);
      const statuses = port(client);
      const status = await statuses.get(id);
      if (status?.name !== PIPELINE_ORCHESTRATION) throw new NotFoundError(`no pipeline ${id}`);
      return json(200, await withLiveRuns(statuses, statusBody(status), status));
    } catch (err) {
      return toHttpResponse(err);
    }
  };
}

/**
 * `GET /api/pipelines?bundle=&target=&top=&createdFrom=&createdTo=&continuationToken=`: reads one page of
 * at most `top` pipeline instances, filters it by bundle and target and returns the matches newest first
 * with the token for the next page (a page may hold fewer matches than `top`, even none).
 */
export function createListPipelinesHandler(
  port: (client: DurableClient) => StatusPort,
  now: () => number = Date.now,
) {
  return async (request: HttpRequest, client: DurableClient): Promise<HttpResponseInit> => {
    try {
      const filter: { bundle?: string; target?: string } = {};
      for (const name of ["bundle", "target"] as const) {
        const value = request.query.get(name);
        if (value === null || value === "") continue;
        if (!NAME.test(value)) throw new ValidationError(`${name} must be a bundle or target name`);
        filter[name] = value;
      }
      const query = parseListQuery(request.query, now());
      const page = await port(client).list(query);
      const { createdFrom, createdTo } = query;
      const next = page.continuationToken;
      return json(200, {
        ...listBody(page.statuses, filter, PIPELINE_ORCHESTRATION),
        continuationToken:
          next === null
            ? null
            : encodeCursor({
                storeToken: next,
                ...(createdFrom === undefined ? {} : { createdFrom }),
                ...(createdTo === undefined ? {} : { createdTo }),
              }),
      });
    } catch (err) {
      return toHttpResponse(err);
    }
  };
}

/** The status API's HTTP functions (names are stable: keys and logs refer to them). */
export function pipelineRoutes(port: (client: DurableClient) => StatusPort, now: () => number = Date.now) {
  return [
    {
      name: "pipelinesList",
      route: "pipelines",
      method: "GET",
      handle: createListPipelinesHandler(port, now),
    },
    {
      name: "pipelinesGet",
      route: "pipelines/{instanceId}",
      method: "GET",
      handle: createGetPipelineHandler(port),
    },
  ] as const;
}
