import type { Plain } from "../dyn.js";
import { planBundle } from "../plan/plan.js";
import type { DeployedState, Plan } from "../plan/types.js";
import { BundleDeployError } from "./errors.js";
import { isPermissions, type PermissionsApi } from "./permissions.js";
import { forEachLimit } from "./pool.js";
import { refreshState, savedPlan, type Planned } from "./remote-state.js";
import type { ResourceHandler } from "./resources.js";

export interface LivePlanInput {
  readonly config: Plain;
  /** The state as stored in the workspace (`readRemoteState`). */
  readonly stored: DeployedState | undefined;
  readonly cliVersion: string;
  readonly handlers: Record<string, ResourceHandler>;
  readonly permissions: PermissionsApi;
  readonly concurrency: number;
}

export interface LivePlan extends Planned {
  /** The stored state without resources deleted out of band. */
  readonly deployed: DeployedState | undefined;
}

/**
 * The plan `bundle deploy` and `bundle plan` act on, permissions included: the stored state is
 * refreshed against the workspace (gone resources dropped, jobs and models' numeric ids read), and
 * every deployed ACL is read so remote drift of jobs and permissions is planned as the CLI plans it.
 */
export async function planLive(input: LivePlanInput): Promise<LivePlan> {
  const fields = new Map<string, Record<string, Plain>>();
  const deployed = await refreshState(input.stored, input.handlers, input.concurrency, fields);
  const acls = new Map<string, Plain>();
  const entries = Object.entries(deployed?.state ?? {}).filter(([node]) => isPermissions(node));
  await forEachLimit(entries, input.concurrency, async ([node, entry]) => {
    acls.set(node, await input.permissions.read(entry.__id__));
  });
  const result = planBundle({
    desired: input.config,
    ...(deployed === undefined ? {} : { deployed }),
    cliVersion: input.cliVersion,
    permissions: true,
    // Jobs' remote objects come from the refresh's read (the plan compares only jobs and ACLs).
    remote: (node) => acls.get(node) ?? (node.startsWith("resources.jobs.") ? fields.get(node) : undefined),
    remoteField: (node, field) => fields.get(node)?.[field],
  });
  if (result.kind === "error") throw new BundleDeployError("INVALID_BUNDLE", result.message);
  return { ...savedPlan(result.plan, deployed), deployed };
}

/** A plan saved by `plan -o json`, checked against the stored state, with the refreshed state to apply it to. */
export async function livePlanFromSaved(
  plan: Plan,
  input: Omit<LivePlanInput, "config" | "permissions" | "cliVersion">,
): Promise<LivePlan> {
  const deployed = await refreshState(input.stored, input.handlers, input.concurrency);
  return { ...savedPlan(plan, input.stored), deployed };
}
