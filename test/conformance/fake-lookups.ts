import type { LookupTransport } from "../../shared/bundles/index.js";

/**
 * The objects the CLI's fake workspace (databricks/cli `libs/testserver`) holds for `lookup`
 * variables (corpus README, "The fake workspace"; databricks/cli libs/testserver/handlers.go), served on the list endpoints the
 * REST lookups call. Anything else is the fake server's 501 answer.
 */
const LISTS: Record<string, Record<string, unknown>> = {
  "/api/2.1/clusters/list": {
    clusters: [
      { cluster_id: "4321", cluster_name: "some-test-cluster" },
      { cluster_id: "9876", cluster_name: "some-other-cluster" },
    ],
  },
  "/api/2.0/instance-pools/list": {
    instance_pools: [
      { instance_pool_id: "0123-456789-pool0", instance_pool_name: "DEFAULT Test Instance Pool" },
      { instance_pool_id: "1234", instance_pool_name: "some-test-instance-pool" },
    ],
  },
  "/api/2.0/policies/clusters/list": {
    policies: [
      { policy_id: "5678", name: "wrong-cluster-policy" },
      { policy_id: "9876", name: "some-test-cluster-policy" },
    ],
  },
  // Pre-deploy scripts run against a workspace without jobs.
  "/api/2.2/jobs/list": { jobs: [] },
  "/api/2.0/sql/warehouses": {
    warehouses: [{ id: "8ec9edc1-db0c-40df-af8d-7580020fe61e", name: "DEFAULT Test SQL Warehouse" }],
  },
};

export const fakeLookupTransport: LookupTransport = {
  call<T>(req: { path: string }): Promise<T> {
    const body = LISTS[req.path];
    if (body === undefined) return Promise.reject(new Error(`No stub found for pattern: GET ${req.path}`));
    return Promise.resolve(body as T);
  },
};
