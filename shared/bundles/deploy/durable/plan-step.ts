import { countActions, renderPlanJson } from "../../plan/render.js";
import type { StateEntry } from "../../plan/types.js";
import { applies, referencedNodes } from "../apply-entry.js";
import type { LivePlan } from "../live-plan.js";
import type { Change, PlanStepOut } from "./deploy-bundle.contracts.js";
import { entryToJson, toJson } from "./json-plain.js";

/**
 * The plan as a list of changes in the order apply.ts runs them: creates and updates in dependency
 * order, then deletes with dependents first. Entries the one-call engine skips are skipped here too
 * (sub-resources other than permissions). Sub-resource deletes are listed too; they send nothing, so the
 * orchestrator settles them without an activity (drops them from the state, reports permissions).
 */
export function changesOf(live: LivePlan): Pick<PlanStepOut, "planJson" | "counts" | "changes" | "kept"> {
  const prior: Record<string, StateEntry> = live.deployed?.state ?? {};
  const changes: Change[] = [];
  for (const node of live.order) {
    const e = live.plan.plan[node];
    if (e === undefined || e.action === "skip" || e.action === "delete" || !applies(node, true)) continue;
    const old = prior[node];
    changes.push({
      node,
      action: e.action,
      entry: {
        action: e.action,
        new_state: {
          value: toJson(e.new_state?.value ?? {}),
          ...(e.new_state?.vars === undefined ? {} : { vars: e.new_state.vars }),
        },
        ...(e.depends_on === undefined ? {} : { depends_on: e.depends_on }),
      },
      ...(old === undefined ? {} : { prior: entryToJson(old) }),
      refs: referencedNodes(e),
    });
  }
  for (const node of [...live.order].reverse()) {
    const old = prior[node];
    if (live.plan.plan[node]?.action === "delete" && old !== undefined)
      changes.push({ node, action: "delete", prior: entryToJson(old), refs: [] });
  }
  const kept = Object.fromEntries(Object.entries(prior).map(([k, e]) => [k, entryToJson(e)]));
  return { planJson: renderPlanJson(live.plan), counts: countActions(live.plan), changes, kept };
}
