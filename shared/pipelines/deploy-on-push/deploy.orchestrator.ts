import type { OrchestrationContext, Task } from "durable-functions";
import { callActivity } from "../../durable/call-activity.js";
import { orchestrationLogger } from "../../durable/orchestration-logger.js";
import type { BundleChanges } from "../../github/changed-bundles.js";
import type { DeployRequest } from "../../github/deploy-request.js";
import { DEPLOY_COMMIT, type DeployCommitInput, type DeployCommitOutput } from "./deploy-commit.contracts.js";
import { PrepareSource, type PreparedSource } from "./deploy.contracts.js";
import { reportPushFailure } from "./report.orchestrator.js";
import { isRejectedSource, reportRejectedSource } from "./source-rejected.js";

/** One bundle's result, recorded in the orchestration output. */
export type BundleResult = { readonly bundle: string } & DeployCommitOutput;

/** The DeployCommit of one bundle; a sub-orchestration that failed outright is recorded as a failed deploy. */
function* deployCommit(
  ctx: OrchestrationContext,
  request: DeployRequest,
  bundle: string,
): Generator<Task, BundleResult, unknown> {
  const input: DeployCommitInput = {
    repository: request.repository.fullName,
    ...(request.installationId === undefined ? {} : { installationId: request.installationId }),
    sha: request.sha,
    bundle,
    target: request.target,
    requestedBy: `github:${request.trigger}`,
    reason: "push",
    coalesce: true,
    deliveryId: request.deliveryId,
    receivedAt: request.receivedAt,
    bundlesDir: request.bundlesDir,
  };
  const id = `${ctx.df.instanceId}:deploy:${bundle}:${request.target}`;
  try {
    const outcome = (yield ctx.df.callSubOrchestrator(DEPLOY_COMMIT, input, id)) as DeployCommitOutput;
    return { bundle, ...outcome };
  } catch (err) {
    return { bundle, kind: "failed", message: err instanceof Error ? err.message : String(err) };
  }
}

/** The orchestration's output: the record of what the delivery did and why. */
export type DeployOnPushOutput =
  | {
      readonly kind: "source_rejected";
      readonly sha: string;
      readonly target: string;
      readonly code: string;
      readonly message: string;
    }
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
 * One delivery: prepare the sources at the pushed commit, then run DeployCommit for each changed bundle
 * (it takes the (bundle, target) lease). Bundles run one after another in name order: simple to reason
 * about, and a delivery rarely changes more than a few bundles (ADR 0017 records the trade-off).
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
  let source: PreparedSource;
  try {
    source = yield* callActivity(ctx, PrepareSource, request);
  } catch (err) {
    if (!isRejectedSource(err)) throw err;
    const bundles = yield* reportRejectedSource(ctx, request, err);
    log.warn("source refused, nothing deployed", { code: err.code, bundles });
    return {
      kind: "source_rejected",
      sha: request.sha,
      target: request.target,
      code: err.code,
      message: err.message,
    };
  }
  const { changes } = source;
  const base = {
    sha: request.sha,
    target: request.target,
    invalid: changes.invalid,
    removed: changes.removed,
  };
  // A changed folder that is not a valid bundle gets a failed check naming the reason; nothing deploys.
  for (const { root, reason } of changes.invalid) {
    const bundle = root.split("/").filter(Boolean).at(-1) ?? root;
    yield* reportPushFailure(ctx, request, {
      bundle,
      message: `${root} is not a valid bundle: ${reason}`,
      why: "invalid",
    });
  }
  if (changes.changed.length === 0) {
    log.info("push changes no bundle");
    return { kind: "nothing_to_deploy", ...base };
  }
  const results: BundleResult[] = [];
  for (const bundle of [...changes.changed].sort()) {
    ctx.df.setCustomStatus({ step: "deploy", bundle });
    results.push(yield* deployCommit(ctx, request, bundle));
  }
  ctx.df.setCustomStatus({ step: "done" });
  log.info("deploys finished", { results: results.map((r) => `${r.bundle}:${r.kind}`) });
  return { kind: "done", ...base, results };
}
