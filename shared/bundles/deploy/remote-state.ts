import { planBundle } from "../plan/plan.js";
import { readState } from "../plan/state.js";
import type { DeployedState, Plan, StateEntry } from "../plan/types.js";
import type { Plain } from "../dyn.js";
import { topoOrder } from "../plan/order.js";
import { BundleDeployError } from "./errors.js";
import { stateFiles, type Layout } from "./layout.js";
import type { RemoteFs } from "./remote.js";
import type { ResourceHandler } from "./resources.js";
import { forEachLimit } from "./pool.js";

/** The deployed state as the workspace holds it (`state/resources.json`); undefined before the first deploy. */
export async function readRemoteState(fs: RemoteFs, layout: Layout): Promise<DeployedState | undefined> {
  const path = stateFiles(layout).resources;
  const text = await fs.readText(path);
  if (text === undefined) return undefined;
  const parsed = readState(text, path);
  if (parsed.kind === "error") throw new BundleDeployError("STATE_INVALID", parsed.message);
  return parsed.state;
}

/**
 * Drops state entries whose resource no longer exists in the workspace (deleted out of band), so
 * the plan creates them again instead of updating a ghost (resources__jobs__remote_delete__deploy).
 */
export async function refreshState(
  state: DeployedState | undefined,
  handlers: Record<string, ResourceHandler>,
  concurrency: number,
  /** Filled with what `ResourceHandler.read` returned, for types that have it (one GET either way). */
  fields?: Map<string, Record<string, Plain>>,
): Promise<DeployedState | undefined> {
  if (state === undefined) return undefined;
  const missing = new Set<string>();
  await forEachLimit(Object.entries(state.state), concurrency, async ([node, entry]) => {
    const handler = handlers[node.split(".")[1] ?? ""];
    if (node.split(".").length !== 3 || handler === undefined) return;
    if (handler.read === undefined || fields === undefined) {
      if (!(await handler.exists(entry.__id__))) missing.add(node);
      return;
    }
    const read = await handler.read(entry.__id__);
    if (read === null) missing.add(node);
    else fields.set(node, read);
  });
  const kept = Object.entries(state.state).filter(
    ([node]) => !missing.has(node.split(".").slice(0, 3).join(".")),
  );
  return { ...state, state: Object.fromEntries(kept) };
}

export interface Planned {
  readonly plan: Plan;
  /** Dependency order over every planned node (deletes included, ordered by their recorded deps). */
  readonly order: readonly string[];
}

export function planDeploy(config: Plain, deployed: DeployedState | undefined, cliVersion: string): Planned {
  const result = planBundle({ desired: config, ...(deployed === undefined ? {} : { deployed }), cliVersion });
  if (result.kind === "error") throw new BundleDeployError("INVALID_BUNDLE", result.message);
  return savedPlan(result.plan, deployed);
}

/** A saved plan applies only to the state it was made from (same lineage and serial), as in the CLI. */
export function savedPlan(plan: Plan, stored: DeployedState | undefined): Planned {
  if (plan.lineage !== stored?.lineage || plan.serial !== stored?.serial) {
    const was = plan.serial === undefined ? "no state" : `serial ${plan.serial}`;
    const now = stored === undefined ? "no state" : `serial ${stored.serial}`;
    throw new BundleDeployError(
      "STATE_INVALID",
      `the plan was made for ${was} but the deployment now has ${now}; run plan again`,
    );
  }
  const prior: Record<string, StateEntry> = stored?.state ?? {};
  const graph = new Map(
    Object.entries(plan.plan).map(([node, e]) => [node, e.depends_on ?? prior[node]?.depends_on ?? []]),
  );
  return { plan, order: topoOrder(graph) };
}
