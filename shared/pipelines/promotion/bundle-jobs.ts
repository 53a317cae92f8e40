import { join } from "node:path";
import { nodeSource } from "../../bundles/cli/node-source.js";
import { resolveDeployment, type DeploymentClient } from "../train-evaluate-register/deployment.js";
import type { BundleJobs } from "./promotion.activities.js";

const BUNDLE = /^[a-z][a-z0-9_-]{0,62}$/;

/**
 * Job ids from the target's deployment state, read the way the training pipeline reads them (its
 * resolveDeployment): the app's copy of the bundle resolves the workspace root, state/resources.json
 * maps `resources.jobs.<key>` to the id. Null when the bundle or the job is not deployed there.
 */
export function deployedBundleJobs(
  bundlesRoot: string,
  clientFor: (target: string) => DeploymentClient,
): BundleJobs {
  return {
    async jobId(bundle, target, job) {
      if (!BUNDLE.test(bundle)) return null;
      const source = nodeSource(join(bundlesRoot, bundle));
      const found = await resolveDeployment(clientFor(target), source, { bundle, target, jobs: [job] });
      return found.kind === "deployed" ? (found.jobIds[job] ?? null) : null;
    },
  };
}
