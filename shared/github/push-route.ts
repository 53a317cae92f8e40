import type { ChangeSet, RouteDecision, SkipReason } from "./deploy-request.js";
import type { PushPayload } from "./payloads.js";
import { matchesRef, parseRef } from "./ref-pattern.js";
import { routesOf, type RoutingConfig } from "./routing-config.js";

/** GitHub puts at most 2048 commits in a push payload; a full list may be a cut one. */
export const MAX_PAYLOAD_COMMITS = 2048;
/** Above this many paths the orchestration input grows large; comparing is as cheap and exact. */
export const MAX_INLINE_PATHS = 5_000;

// git check-ref-format forbids control characters and a few punctuation marks; GitHub enforces it, so
// a signed payload breaking it is corrupt. Unicode and shell characters are legal and pass as data.
const INVALID_REF = /[\p{Cc}\s~^:?*[\\]|\.\.|@\{|\/\/|\/$|\.lock$|^\//u;

/** Delivery facts the payload does not carry. */
export interface DeliveryFacts {
  readonly deliveryId: string;
  readonly receivedAt: string;
}

const skip = (reason: SkipReason, detail: string): RouteDecision => ({ kind: "skip", reason, detail });

/** Whether a repository is on the allow-list; GitHub owner and repository names are case-insensitive. */
export function isAllowedRepository(config: RoutingConfig, fullName: string): boolean {
  const wanted = fullName.toLowerCase();
  return config.repositories.some((r) => r.toLowerCase() === wanted);
}

/** The target a ref deploys to: first matching route; undefined when none matches. */
export function targetForRef(config: RoutingConfig, ref: string): string | undefined {
  const parsed = parseRef(ref);
  if (parsed.kind === "other") return undefined;
  return routesOf(config).find((r) => r.kind === parsed.kind && matchesRef(r.pattern, parsed.name))?.target;
}

/**
 * Decides what a push deploys. Pure: the webhook runs it before answering, so a push that deploys
 * nothing is answered (and recorded in GitHub's delivery log) with the reason, and starts no instance.
 */
export function routePush(
  config: RoutingConfig | undefined,
  push: PushPayload,
  facts: DeliveryFacts,
): RouteDecision {
  if (config === undefined) return skip("routing_not_configured", "GITHUB_DEPLOY_ROUTING is not set");
  const repo = push.repository.full_name;
  if (push.repository.fork) return skip("fork", `pushes to forks never deploy (${repo})`);
  if (!isAllowedRepository(config, repo))
    return skip("repository_not_allowed", `repository ${repo} is not allowed`);
  const parsed = parseRef(push.ref);
  if (parsed.kind === "other") return skip("ref_not_branch_or_tag", "only branches and tags deploy");
  if (INVALID_REF.test(parsed.name)) return skip("ref_invalid", "the ref name is not a valid git ref");
  if (push.deleted) return skip("ref_deleted", `${parsed.kind} deleted; nothing to deploy`);
  const target = targetForRef(config, push.ref);
  if (target === undefined) return skip("no_route", `no route for ${parsed.kind} ${parsed.name}`);
  if (config.promotionOnly.includes(target)) {
    return skip("promotion_only", `target ${target} is reached by promotion only`);
  }
  return {
    kind: "deploy",
    request: {
      deliveryId: facts.deliveryId,
      trigger: "push",
      repository: { id: push.repository.id, fullName: repo },
      ...(push.installation === undefined ? {} : { installationId: push.installation.id }),
      ref: push.ref,
      sha: push.after,
      target,
      bundlesDir: config.bundlesDir,
      changes: changeSetOf(push),
      receivedAt: facts.receivedAt,
    },
  };
}

/** The paths a push changed, or why they must be compared instead. */
export function changeSetOf(push: PushPayload): ChangeSet {
  if (push.created) return { kind: "compare", base: null, reason: "created" };
  if (push.forced) return { kind: "compare", base: push.before, reason: "forced" };
  if (push.commits.length >= MAX_PAYLOAD_COMMITS)
    return { kind: "compare", base: push.before, reason: "truncated" };
  const paths = new Set<string>();
  for (const c of push.commits) for (const p of [...c.added, ...c.modified, ...c.removed]) paths.add(p);
  if (paths.size > MAX_INLINE_PATHS) return { kind: "compare", base: push.before, reason: "truncated" };
  return { kind: "paths", paths: [...paths].sort() };
}
