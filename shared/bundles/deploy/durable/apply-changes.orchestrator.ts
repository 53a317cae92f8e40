import type { OrchestrationContext, Task } from "durable-functions";
import { callActivity } from "../../../durable/call-activity.js";
import { ApplyBundleChange, type AppliedChange, type PlanStepOut } from "./deploy-bundle.contracts.js";
import type { JsonEntry } from "./json-plain.js";

export interface AppliedChanges {
  /** The state after every change that succeeded: written even when a later change failed (ADR 0016). */
  readonly state: Record<string, JsonEntry>;
  readonly applied: readonly Pick<AppliedChange, "node" | "action">[];
  readonly failure?: unknown;
}

/**
 * One `BundleApplyChange` activity per change, in the plan's order, each given the current state entries
 * of the nodes it refers to (ids of resources created a step earlier). Sub-resource deletes send
 * nothing, so they are settled here without an activity: dropped from the state, permissions reported
 * (apply-entry.ts deleteEntry). The first failure stops the loop and is returned, not thrown.
 */
export function* applyChanges(
  ctx: OrchestrationContext,
  target: string,
  plan: PlanStepOut,
): Generator<Task, AppliedChanges, unknown> {
  const state: Record<string, JsonEntry> = { ...plan.kept };
  const applied: Pick<AppliedChange, "node" | "action">[] = [];
  try {
    for (const [i, change] of plan.changes.entries()) {
      ctx.df.setCustomStatus({ step: "apply", resource: change.node, done: i, of: plan.changes.length });
      if (change.action === "delete" && change.node.split(".").length !== 3) {
        delete state[change.node];
        if (change.node.endsWith(".permissions")) applied.push({ node: change.node, action: "delete" });
        continue;
      }
      const refs: Record<string, JsonEntry> = {};
      for (const node of change.refs) {
        const entry = state[node];
        if (entry !== undefined) refs[node] = entry;
      }
      const result = yield* callActivity(ctx, ApplyBundleChange, {
        target,
        change,
        refs,
        // Unique per deploy (the instance) and node: a retried create finds its own note.
        journal: `${ctx.df.instanceId}/${change.node}`,
      });
      if (result.entry === undefined) delete state[change.node];
      else state[change.node] = result.entry;
      applied.push({ node: change.node, action: change.action });
    }
  } catch (failure) {
    return { state, applied, failure };
  }
  return { state, applied };
}
