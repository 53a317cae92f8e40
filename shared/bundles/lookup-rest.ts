import type { LookupKind, LookupRequest } from "./lookup.js";

/** The slice of the Databricks client's transport lookups need (shared/databricks `Transport`). */
export interface LookupTransport {
  call<T>(request: {
    method: "GET";
    path: string;
    query?: Record<string, string | string[]>;
    idKeys?: ReadonlySet<string>;
  }): Promise<T>;
}

/** Resolves one lookup to the object's id; rejects with the reason it could not. */
export type LookupApi = (req: LookupRequest) => Promise<string>;

type Finder = (t: LookupTransport, name: string) => Promise<string>;

/** Like the Go SDK's GetByName helpers: list everything, match the name exactly, refuse ambiguity. */
function unique(
  items: readonly { name: string; id: string }[],
  name: string,
  noun: string,
  plural = noun,
): string {
  const hits = items.filter((i) => i.name === name);
  if (hits.length === 0) throw new Error(`${noun} named '${name}' does not exist`);
  if (hits.length > 1) throw new Error(`there are ${hits.length} instances of ${plural} named '${name}'`);
  return (hits[0] as { id: string }).id;
}

/** Follows `next_page_token` (bounded, so a misbehaving server cannot loop us forever). */
async function listAll<T>(
  t: LookupTransport,
  path: string,
  key: string,
  query: Record<string, string | string[]> = {},
  idKeys?: ReadonlySet<string>,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const res = await t.call<Record<string, unknown>>({
      method: "GET",
      path,
      query: token === undefined ? query : { ...query, page_token: token },
      ...(idKeys === undefined ? {} : { idKeys }),
    });
    out.push(...((res[key] as T[] | undefined) ?? []));
    token =
      typeof res["next_page_token"] === "string" && res["next_page_token"] !== ""
        ? res["next_page_token"]
        : undefined;
    if (token === undefined) return out;
  }
  return out;
}

// The CLI's resolvers (bundle/config/variable/resolve_*.go) and the SDK calls they make.
const FINDERS: Partial<Record<LookupKind, Finder>> = {
  cluster: async (t, name) => {
    const all = await listAll<{ cluster_id: string; cluster_name: string }>(
      t,
      "/api/2.1/clusters/list",
      "clusters",
      { "filter_by.cluster_sources": ["API", "UI"] },
    );
    return unique(
      all.map((c) => ({ name: c.cluster_name, id: c.cluster_id })),
      name,
      "cluster",
      "clusters",
    );
  },
  cluster_policy: async (t, name) => {
    const all = await listAll<{ policy_id: string; name: string }>(
      t,
      "/api/2.0/policies/clusters/list",
      "policies",
    );
    return unique(
      all.map((p) => ({ name: p.name, id: p.policy_id })),
      name,
      "Policy",
    );
  },
  instance_pool: async (t, name) => {
    const all = await listAll<{ instance_pool_id: string; instance_pool_name: string }>(
      t,
      "/api/2.0/instance-pools/list",
      "instance_pools",
    );
    return unique(
      all.map((p) => ({ name: p.instance_pool_name, id: p.instance_pool_id })),
      name,
      "InstancePoolAndStats",
    );
  },
  warehouse: async (t, name) => {
    const all = await listAll<{ id: string; name: string }>(t, "/api/2.0/sql/warehouses", "warehouses");
    return unique(
      all.map((w) => ({ name: w.name, id: w.id })),
      name,
      "EndpointInfo",
    );
  },
  job: async (t, name) => {
    const all = await listAll<{ job_id: string; settings?: { name?: string } }>(
      t,
      "/api/2.2/jobs/list",
      "jobs",
      { name },
      new Set(["job_id"]),
    );
    return unique(
      all.map((j) => ({ name: j.settings?.name ?? "", id: String(j.job_id) })),
      name,
      "BaseJob",
    );
  },
  service_principal: async (t, name) => {
    const res = await t.call<{ Resources?: { applicationId: string }[] }>({
      method: "GET",
      path: "/api/2.0/preview/scim/v2/ServicePrincipals",
      query: { filter: `displayName eq '${name}'` },
    });
    const hits = res.Resources ?? [];
    if (hits.length === 0) throw new Error(`service principal named ${JSON.stringify(name)} does not exist`);
    if (hits.length > 1)
      throw new Error(`multiple service principals found with display name ${JSON.stringify(name)}`);
    return (hits[0] as { applicationId: string }).applicationId;
  },
};

/** Lookups through the workspace API. Kinds without a finder fail with a message saying so (never a guess). */
export function createRestLookups(transport: LookupTransport): LookupApi {
  return async (req) => {
    const find = FINDERS[req.kind];
    if (find === undefined)
      throw new Error(
        `looking up a ${req.kind.replace(/_/g, " ")} by name is not supported by this engine; assign the variable with --var`,
      );
    return find(transport, req.name);
  };
}
