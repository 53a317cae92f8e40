import type { Plain } from "../dyn.js";
import type { ActionType, Plan, StateEntry } from "../plan/types.js";
import { applies, applyEntry, deleteEntry, type ApplyScope } from "./apply-entry.js";
import { describeFailure } from "./errors.js";
import type { PermissionsApi } from "./permissions.js";
import type { ResourceHandler } from "./resources.js";

export interface Applied {
  readonly node: string;
  readonly action: Exclude<ActionType, "skip">;
}

export interface ApplyResult {
  /** The state after every change that succeeded: written even when a later change failed. */
  readonly state: Record<string, StateEntry>;
  readonly applied: readonly Applied[];
  readonly error?: Error;
}

/**
 * Carries out a plan in its dependency order (plan entries are written in that order), one entry at a
 * time through apply-entry.ts (the durable path runs the same function once per activity). Fields that
 * referenced a resource created in this run are resolved from the ids and values just applied. Deletes
 * run last, dependents before what they depend on. Permissions entries are applied only when
 * `permissions` is given (permissions.ts).
 */
export async function applyPlan(
  plan: Plan,
  order: readonly string[],
  prior: Record<string, StateEntry>,
  handlers: Record<string, ResourceHandler>,
  permissions?: PermissionsApi,
): Promise<ApplyResult> {
  const state: Record<string, StateEntry> = { ...prior };
  const applied: Applied[] = [];
  let current = "";
  let verb = "";
  const scope: ApplyScope = {
    prior,
    state,
    handlers,
    ...(permissions === undefined ? {} : { permissions }),
    remote: new Map<string, Record<string, Plain> | null>(),
    onVerb: (v) => (verb = v),
  };
  try {
    for (const node of order) {
      const entry = plan.plan[node];
      if (entry === undefined || entry.action === "delete" || entry.action === "skip") continue;
      if (!applies(node, permissions !== undefined)) continue;
      current = node;
      state[node] = await applyEntry(node, entry, scope);
      applied.push({ node, action: entry.action });
    }
    for (const node of [...order].reverse()) {
      if (plan.plan[node]?.action !== "delete" || prior[node] === undefined) continue;
      current = node;
      const reported = await deleteEntry(node, scope);
      delete state[node];
      if (reported) applied.push({ node, action: "delete" });
    }
    return { state, applied };
  } catch (err) {
    const error = new Error(`cannot ${verb} ${current}: ${describeFailure(err)}`, { cause: err });
    return { state, applied, error };
  }
}
