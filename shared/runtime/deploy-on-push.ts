import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DefaultAzureCredential } from "@azure/identity";
import { BlobServiceClient, type ContainerClient } from "@azure/storage-blob";
import type { DurableClient } from "durable-functions";
import type { Layout } from "../bundles/deploy/layout.js";
import { prepareSchema } from "../bundles/schema.js";
import type { HostStorage } from "../config/schema.js";
import { ConfigError, ValidationError } from "../errors/taxonomy.js";
import { createGitHubApi } from "../github/report/octokit-api.js";
import { createDeployReporter, type DeployReporter } from "../github/report/reporter.js";
import { createGithubSourceFetcher } from "../github/source-fetcher.js";
import { createBlobLeaseStore } from "../pipelines/deploy-on-push/blob-lease-store.js";
import { createDeployBundleActivities } from "../bundles/deploy/durable/deploy-bundle.activities.js";
import { nodeTree } from "../bundles/deploy/node-tree.js";
import { nodeSource } from "../bundles/cli/node-source.js";
import { createBundleDeployActivities } from "../pipelines/deploy-on-push/bundle-deploy.activities.js";
import { lakeCreateJournal } from "../pipelines/deploy-on-push/lake-create-journal.js";
import { createCommitSourceActivities } from "../pipelines/deploy-on-push/commit-source.activities.js";
import { lakeSnapshotStore } from "../pipelines/deploy-on-push/lake-snapshots.js";
import { lakeSyncSnapshotStore } from "../pipelines/deploy-on-push/lake-sync-snapshots.js";
import { createLeaseActivities } from "../pipelines/deploy-on-push/lease.activities.js";
import type { LeaseStore } from "../pipelines/deploy-on-push/lease-store.js";
import { createReportActivities } from "../pipelines/deploy-on-push/report.activities.js";
import { createSourceActivities, type SourceFetcher } from "../pipelines/deploy-on-push/source.activities.js";
import { durableClientPort, LIVE_STATUSES } from "../pipelines/landing/orchestration-port.js";
import { readAppVersion } from "./app-version.js";
import type { Runtime } from "./runtime.js";

/** ADR 0017: a crashed holder blocks its target for at most this long. */
const LEASE_TTL_MS = 30 * 60_000;
const LEASE_CONTAINER = "deploy-leases";

export interface DeployOnPushOptions {
  /** Where a worker materialises source snapshots (default: the OS temp folder). */
  readonly cacheDir?: string;
  /** Lease records' container; default: `deploy-leases` in the host storage account. */
  readonly leases?: ContainerClient;
}

/** The fetcher refuses clearly, as data the orchestration reports, when no GitHub App is configured. */
const noApp: SourceFetcher = {
  tarball: () => Promise.reject(missingApp()),
  changedPaths: () => Promise.reject(missingApp()),
};
function missingApp(): ValidationError {
  return new ValidationError(
    "GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY are not set: sources cannot be fetched",
    {
      code: "GITHUB_APP_NOT_CONFIGURED",
    },
  );
}

function hostContainer(storage: HostStorage): ContainerClient {
  const service =
    storage.kind === "connectionString"
      ? BlobServiceClient.fromConnectionString(storage.connectionString)
      : new BlobServiceClient(
          `https://${storage.accountName}.blob.core.windows.net`,
          new DefaultAzureCredential(
            storage.clientId === undefined ? {} : { managedIdentityClientId: storage.clientId },
          ),
        );
  return service.getContainerClient(LEASE_CONTAINER);
}

/** Everything the push → deploy activities need, built once per runtime (the composition root's part). */
export function createDeployOnPushServices(runtime: Runtime, options: DeployOnPushOptions = {}) {
  const { config, logger, workspaces } = runtime;
  const location = config.lake.orchestrator;
  if (location === undefined)
    throw new ConfigError([
      { name: "ORCHESTRATOR_LAKE", reason: "is required for push deploys (source snapshots)" },
    ]);
  const lake = runtime.lake.at(location);
  const log = logger.child({ feature: "deploy-on-push" });
  const fetcher =
    config.github.app === undefined
      ? noApp
      : createGithubSourceFetcher({ apiUrl: config.github.apiUrl, ...config.github.app });
  const sources = lakeSnapshotStore(lake, options.cacheDir ?? join(tmpdir(), "ml-orchestrator-sources"));
  const workspaceUrl = (target: string) => {
    try {
      return workspaces.hostOf(target);
    } catch {
      return undefined;
    }
  };
  let reporter: DeployReporter | undefined;
  const { apiUrl, app, token } = config.github;
  const reporting = () =>
    (reporter ??= createDeployReporter({
      api: createGitHubApi({ apiUrl, appId: app?.appId, privateKey: app?.privateKey, token }),
      log,
    }));
  const schema = prepareSchema({});
  const cliVersion = readAppVersion();
  const syncSnapshots = (target: string, layout: Layout) =>
    lakeSyncSnapshotStore(lake, workspaces.hostOf(target), layout.files);
  const leaseStore: LeaseStore = createBlobLeaseStore(options.leases ?? hostContainer(config.host.storage));
  return {
    source: createSourceActivities({ fetcher, snapshots: sources, log }),
    report: createReportActivities({ reporter: reporting }),
    commit: createCommitSourceActivities({
      fetcher,
      snapshots: sources,
      log,
      bundlesDir: config.github.routing?.bundlesDir ?? "bundles",
      workspaceUrl,
    }),
    // The app ships no copy of Databricks' bundle schema (ADR 0006): schema checks are the CLI's job.
    bundles: createBundleDeployActivities({
      clientFor: (target) => workspaces.clientFor(target),
      syncSnapshots,
      sources,
      schema,
      now: () => new Date(),
      newId: randomUUID,
      cliVersion,
      log,
    }),
    /** DeployBundleSteps' activities: each re-opens the snapshot (materialised from the lake when new here). */
    bundleSteps: createDeployBundleActivities({
      clientFor: (target) => workspaces.clientFor(target),
      sources: {
        async open(ref) {
          const dir = join(await sources.open(ref.snapshot), ref.root);
          return { source: nodeSource(dir), tree: nodeTree(dir) };
        },
      },
      schema,
      snapshots: (layout, target) => syncSnapshots(target, layout),
      journal: lakeCreateJournal(lake),
      now: () => new Date(),
      newId: randomUUID,
      cliVersion,
    }),
    /** The lease activities of one invocation: they raise events and read statuses through its client. */
    leases(client: DurableClient) {
      const port = durableClientPort(client);
      return createLeaseActivities({
        store: leaseStore,
        isRunning: async (id) => LIVE_STATUSES.has((await port.status(id)) ?? ""),
        raiseEvent: (id, name, data) => port.raise(id, name, data),
        now: () => new Date(),
        ttlMs: LEASE_TTL_MS,
        log,
      });
    },
  };
}

export type DeployOnPushServices = ReturnType<typeof createDeployOnPushServices>;
