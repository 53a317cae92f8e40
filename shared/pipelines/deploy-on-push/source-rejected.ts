import type { OrchestrationContext, Task } from "durable-functions";
import { ActivityError } from "../../durable/activity-error.js";
import type { DeployRequest } from "../../github/deploy-request.js";
import { reportPushFailure } from "./report.orchestrator.js";

/** PrepareSource refusals that are facts about the commit (not outages): the push ends, checks say why. */
const REJECTED_SOURCE_CODES: ReadonlySet<string> = new Set([
  "UNSAFE_TARBALL",
  "INVALID_TARBALL",
  "TARBALL_TOO_LARGE",
  "SOURCE_UNAVAILABLE",
]);

/** Check name used when the push names no bundle folder (a compare was needed, or only other paths). */
export const SOURCE_CHECK_BUNDLE = "(source)";

export function isRejectedSource(err: unknown): err is ActivityError {
  return err instanceof ActivityError && REJECTED_SOURCE_CODES.has(err.code);
}

/**
 * The bundles a refused source can be blamed on without reading it: the folders under `bundlesDir` that
 * the push's own paths name, or the bundles a re-run names. Empty when the payload cannot say.
 */
export function bundlesNamedBy(request: DeployRequest): string[] {
  const { changes } = request;
  if (changes.kind === "bundles") return [...changes.names].sort();
  if (changes.kind !== "paths") return [];
  const prefix = `${request.bundlesDir.replace(/\/+$/, "")}/`;
  const names = changes.paths
    .filter((p) => p.startsWith(prefix))
    .map((p) => p.slice(prefix.length).split("/"))
    .filter((parts) => parts.length > 1 && parts[0] !== "")
    .map((parts) => parts[0] ?? "");
  return [...new Set(names)].sort();
}

/** A failed check per bundle the push names (or one `(source)` check), carrying the refusal's reason. */
export function* reportRejectedSource(
  ctx: OrchestrationContext,
  request: DeployRequest,
  err: ActivityError,
): Generator<Task, string[], unknown> {
  const named = bundlesNamedBy(request);
  const bundles = named.length === 0 ? [SOURCE_CHECK_BUNDLE] : named;
  for (const bundle of bundles)
    yield* reportPushFailure(ctx, request, {
      bundle,
      message: `The source of ${request.sha.slice(0, 7)} was refused, nothing was deployed: ${err.message}`,
      why: "source",
    });
  return bundles;
}
