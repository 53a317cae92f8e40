import type { InvocationContext } from "@azure/functions";
import type { DurableClient, OrchestrationHandler } from "durable-functions";
import { implement, type ActivityHandler } from "../../durable/implement.js";
import type { DeployOnPushServices } from "../../runtime/deploy-on-push.js";
import { DEPLOY_COMMIT, PlanBundleDeploy, PrepareCommit } from "./deploy-commit.contracts.js";
import { deployCommitOrchestrator } from "./deploy-commit.orchestrator.js";
import {
  DEPLOY_ON_PUSH,
  DeployBundle,
  EnqueueDeploy,
  PrepareSource,
  ReleaseDeployLease,
  RenewDeployLease,
} from "./deploy.contracts.js";
import { deployOnPushOrchestrator } from "./deploy.orchestrator.js";
import { ReportDeploy } from "./report.contracts.js";
import { DEPLOY_BUNDLE } from "../../bundles/deploy/durable/deploy-bundle.contracts.js";
import { deployBundleOrchestrator } from "../../bundles/deploy/durable/deploy-bundle.orchestrator.js";
import { bundleStepActivities } from "./bundle-steps.registration.js";

export interface ActivityRegistration {
  readonly name: string;
  readonly handler: ActivityHandler<unknown>;
  /** The activity reads the durable client (extraInputs: durableClient). */
  readonly needsClient: boolean;
}

/**
 * What functions/deploy-on-push.ts registers, as data, so a test can check that every activity the
 * orchestrators call has a body. Services are resolved per invocation through `svc`; lease activities
 * raise events and read statuses through the invocation's durable client (`clientOf`).
 */
export function deployOnPushRegistrations(
  svc: () => DeployOnPushServices,
  clientOf: (context: InvocationContext) => DurableClient,
): { orchestrations: { name: string; handler: OrchestrationHandler }[]; activities: ActivityRegistration[] } {
  const leases = (context: InvocationContext) => svc().leases(clientOf(context));
  const plain = (name: string, handler: ActivityHandler<unknown>) => ({ name, handler, needsClient: false });
  const withClient = (name: string, handler: ActivityHandler<unknown>) => ({
    name,
    handler,
    needsClient: true,
  });
  return {
    orchestrations: [
      { name: DEPLOY_ON_PUSH, handler: deployOnPushOrchestrator },
      { name: DEPLOY_COMMIT, handler: deployCommitOrchestrator },
      { name: DEPLOY_BUNDLE, handler: deployBundleOrchestrator },
    ],
    activities: [
      plain(
        PrepareSource.name,
        implement(PrepareSource, (i) => svc().source.prepareSource(i)),
      ),
      plain(
        ReportDeploy.name,
        implement(ReportDeploy, (i) => svc().report.reportDeploy(i)),
      ),
      plain(
        PrepareCommit.name,
        implement(PrepareCommit, (i) => svc().commit.prepareCommit(i)),
      ),
      plain(
        PlanBundleDeploy.name,
        implement(PlanBundleDeploy, (i) => svc().bundles.planBundleDeploy(i)),
      ),
      // Kept for DeployCommit instances prepared before DeployBundleSteps (they replay this call).
      plain(
        DeployBundle.name,
        implement(DeployBundle, (i) => svc().bundles.deployBundle(i)),
      ),
      ...bundleStepActivities(() => svc().bundleSteps).map((a) => plain(a.name, a.handler)),
      withClient(
        EnqueueDeploy.name,
        implement(EnqueueDeploy, (i, c) => leases(c).enqueueDeploy(i)),
      ),
      withClient(
        RenewDeployLease.name,
        implement(RenewDeployLease, (i, c) => leases(c).renewDeployLease(i)),
      ),
      withClient(
        ReleaseDeployLease.name,
        implement(ReleaseDeployLease, (i, c) => leases(c).releaseDeployLease(i)),
      ),
    ],
  };
}
