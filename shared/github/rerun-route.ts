import type { DeliveryFacts } from "./push-route.js";
import { isAllowedRepository } from "./push-route.js";
import type { RouteDecision, SkipReason } from "./deploy-request.js";
import type { CheckRunPayload } from "./payloads.js";
import { routesOf, type RoutingConfig } from "./routing-config.js";

/** The identifier of the "Re-run" button our deploy check runs carry (issue #6, reporting). */
export const RERUN_ACTION = "rerun";

// Our check runs are named deploy/<target>/<bundle> (one per target and bundle, so environments never
// overwrite each other's status); a name we did not create is not ours to re-run.
const CHECK_NAME = /^deploy\/([A-Za-z0-9][A-Za-z0-9_-]{0,63})\/([A-Za-z0-9][A-Za-z0-9_.-]{0,127})$/;

/** Splits a deploy check run's name; undefined for any other check run. */
export function parseDeployCheckName(name: string): { target: string; bundle: string } | undefined {
  const m = CHECK_NAME.exec(name);
  return m?.[1] && m[2] ? { target: m[1], bundle: m[2] } : undefined;
}

const skip = (reason: SkipReason, detail: string): RouteDecision => ({ kind: "skip", reason, detail });

/** Decides what a `check_run` delivery re-runs: the one bundle and target its deploy check names. */
export function routeRerun(
  config: RoutingConfig | undefined,
  event: CheckRunPayload,
  facts: DeliveryFacts,
): RouteDecision {
  const wantsRerun =
    event.action === "rerequested" ||
    (event.action === "requested_action" && event.requested_action?.identifier === RERUN_ACTION);
  if (!wantsRerun) return skip("action_not_rerun", `check_run ${event.action} is not a re-run request`);
  if (config === undefined) return skip("routing_not_configured", "GITHUB_DEPLOY_ROUTING is not set");
  const repo = event.repository.full_name;
  if (event.repository.fork) return skip("fork", `forks never deploy (${repo})`);
  if (!isAllowedRepository(config, repo))
    return skip("repository_not_allowed", `repository ${repo} is not allowed`);
  const names = parseDeployCheckName(event.check_run.name);
  if (names === undefined) return skip("not_a_deploy_check", "the check run is not a deploy check");
  if (!routesOf(config).some((r) => r.target === names.target)) {
    return skip("no_route", `no route deploys to target ${names.target}`);
  }
  if (config.promotionOnly.includes(names.target)) {
    return skip("promotion_only", `target ${names.target} is reached by promotion only`);
  }
  const branch = event.check_run.check_suite?.head_branch;
  return {
    kind: "deploy",
    request: {
      deliveryId: facts.deliveryId,
      trigger: "rerun",
      repository: { id: event.repository.id, fullName: repo },
      ...(event.installation === undefined ? {} : { installationId: event.installation.id }),
      ...(branch ? { ref: `refs/heads/${branch}` } : {}),
      sha: event.check_run.head_sha,
      target: names.target,
      bundlesDir: config.bundlesDir,
      changes: { kind: "bundles", names: [names.bundle] },
      receivedAt: facts.receivedAt,
    },
  };
}
