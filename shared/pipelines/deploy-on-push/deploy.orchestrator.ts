import type { OrchestrationContext, Task } from "durable-functions";
import { callActivity } from "../../durable/call-activity.js";
import { orchestrationLogger } from "../../durable/orchestration-logger.js";
import type { BundleChanges } from "../../github/changed-bundles.js";
import type { DeployRequest } from "../../github/deploy-request.js";
import { PrepareSource } from "./deploy.contracts.js";
import { leasedDeploy, type BundleResult } from "./leased-deploy.orchestrator.js";

/** The orchestration's output: the record of what the delivery did and why. */
export type DeployOnPushOutput =
  | {
      readonly kind: "nothing_to_deploy";
      readonly sha: string;
      readonly target: string;
      readonly invalid: BundleChanges["invalid"];
      readonly removed: BundleChanges["removed"];
    }
  | {
      readonly kind: "done";
      readonly sha: string;
      readonly target: string;
      readonly results: readonly BundleResult[];
      readonly invalid: BundleChanges["invalid"];
      readonly removed: BundleChanges["removed"];
    };

/**
 * One delivery: prepare the sources at the pushed commit, then deploy each changed bundle under its
 * (bundle, target) lease. Bundles run one after another in name order: simple to reason about, and a
 * delivery rarely changes more than a few bundles (ADR 0017 records the trade-off).
 */
export function* deployOnPushOrchestrator(
  ctx: OrchestrationContext,
): Generator<Task, DeployOnPushOutput, unknown> {
  const request = ctx.df.getInput<DeployRequest>();
  const log = orchestrationLogger(ctx, {
    deliveryId: request.deliveryId,
    target: request.target,
    sha: request.sha,
  });
  ctx.df.setCustomStatus({ step: "prepare" });
  const source = yield* callActivity(ctx, PrepareSource, request);
  const { changes } = source;
  const base = {
    sha: request.sha,
    target: request.target,
    invalid: changes.invalid,
    removed: changes.removed,
  };
  if (changes.changed.length === 0) {
    log.info("push changes no bundle");
    return { kind: "nothing_to_deploy", ...base };
  }
  const results: BundleResult[] = [];
  for (const bundle of [...changes.changed].sort()) {
    const root = source.roots[bundle];
    if (root === undefined) {
      results.push({ bundle, kind: "invalid", message: "bundle folder not found in the snapshot" });
      continue;
    }
    results.push(yield* leasedDeploy(ctx, request, bundle, root, source.snapshot));
  }
  ctx.df.setCustomStatus({ step: "done" });
  log.info("deploys finished", { results: results.map((r) => `${r.bundle}:${r.kind}`) });
  return { kind: "done", ...base, results };
}
