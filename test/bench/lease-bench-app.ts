/**
 * The function app of the coalescing half of `npm run bench:ingress`: the product's DeployCommit
 * orchestration and lease activities, unchanged, on the local durable engine, with fake source, plan
 * and deploy activities. The fake deploy takes a fixed time and journals when it starts and ends, so
 * the benchmark can count deploys in flight. The lease store is in memory: the host is one process.
 */
import { appendFileSync } from "node:fs";
import type { InvocationContext } from "@azure/functions";
import * as df from "durable-functions";
import { implement } from "../../shared/durable/implement.js";
import {
  DEPLOY_COMMIT,
  PlanBundleDeploy,
  PrepareCommit,
} from "../../shared/pipelines/deploy-on-push/deploy-commit.contracts.js";
import { deployCommitOrchestrator } from "../../shared/pipelines/deploy-on-push/deploy-commit.orchestrator.js";
import {
  DeployBundle,
  EnqueueDeploy,
  ReleaseDeployLease,
  RenewDeployLease,
} from "../../shared/pipelines/deploy-on-push/deploy.contracts.js";
import { EMPTY_LEASE, type LeaseRecord } from "../../shared/pipelines/deploy-on-push/lease.js";
import { createLeaseActivities } from "../../shared/pipelines/deploy-on-push/lease.activities.js";
import type { LeaseStore } from "../../shared/pipelines/deploy-on-push/lease-store.js";
import { createReportActivities } from "../../shared/pipelines/deploy-on-push/report.activities.js";
import { ReportDeploy } from "../../shared/pipelines/deploy-on-push/report.contracts.js";
import { durableClientPort, LIVE_STATUSES } from "../../shared/pipelines/landing/orchestration-port.js";
import { createDeployReporter } from "../../shared/github/report/reporter.js";
import { createLogger } from "../../shared/runtime/logger.js";

const journal = process.env.LEASE_BENCH_JOURNAL ?? "";
const deployMs = Number(process.env.LEASE_BENCH_DEPLOY_MS ?? 2_000);
const counts = { add: 1, change: 0, delete: 0 };
const log = createLogger({ sink: () => undefined });

const records = new Map<string, { record: LeaseRecord; version: string }>();
let version = 0;
const store: LeaseStore = {
  read: (key) => Promise.resolve(records.get(key) ?? { record: EMPTY_LEASE, version: null }),
  write(key, record, expected) {
    if ((records.get(key)?.version ?? null) !== expected) return Promise.resolve(false);
    records.set(key, { record, version: `v${++version}` });
    return Promise.resolve(true);
  },
};

const leases = (context: InvocationContext) => {
  const port = durableClientPort(df.getClient(context));
  return createLeaseActivities({
    store,
    isRunning: async (id) => LIVE_STATUSES.has((await port.status(id)) ?? ""),
    raiseEvent: (id, name, data) => port.raise(id, name, data),
    now: () => new Date(),
    ttlMs: 30 * 60_000,
    log,
  });
};
const withClient = { extraInputs: [df.input.durableClient()] };

df.app.orchestration(DEPLOY_COMMIT, deployCommitOrchestrator);
df.app.activity(PrepareCommit.name, {
  handler: implement(PrepareCommit, () => ({
    kind: "ok" as const,
    snapshot: "bench",
    root: "bundles/churn",
  })),
});
df.app.activity(PlanBundleDeploy.name, {
  handler: implement(PlanBundleDeploy, () => ({ kind: "planned" as const, counts })),
});
df.app.activity(DeployBundle.name, {
  handler: implement(DeployBundle, async (input) => {
    appendFileSync(journal, `start ${Date.now()} ${input.sha}\n`);
    await new Promise((resolve) => setTimeout(resolve, deployMs));
    appendFileSync(journal, `end ${Date.now()} ${input.sha}\n`);
    return { kind: "deployed" as const, counts };
  }),
});
df.app.activity(EnqueueDeploy.name, {
  ...withClient,
  handler: implement(EnqueueDeploy, (i, c) => leases(c).enqueueDeploy(i)),
});
df.app.activity(RenewDeployLease.name, {
  ...withClient,
  handler: implement(RenewDeployLease, (i, c) => leases(c).renewDeployLease(i)),
});
df.app.activity(ReleaseDeployLease.name, {
  ...withClient,
  handler: implement(ReleaseDeployLease, (i, c) => leases(c).releaseDeployLease(i)),
});
// No GitHub here: reports answer reported:false at once, as in an app without GitHub settings.
const reports = createReportActivities({ reporter: () => createDeployReporter({ api: undefined, log }) });
df.app.activity(ReportDeploy.name, { handler: implement(ReportDeploy, (i) => reports.reportDeploy(i)) });
