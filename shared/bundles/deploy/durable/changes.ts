import type { Plain } from "../../dyn.js";
import type { Planned } from "../remote-state.js";
import { renderPlanJson } from "../../plan/render.js";
import type { StateEntry } from "../../plan/types.js";
import type { Change } from "./deploy-bundle.contracts.js";

/**
 * Durable payloads are JSON: a bigint (an int64 written in YAML) becomes a number when it is exact,
 * else its decimal text. Ids of created resources are strings already.
 */
export function jsonSafe(v: Plain): unknown {
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (v !== null && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonSafe(x)]));
  return v;
}

/** The plan as a list of changes in dependency order, deletes last (dependents first), as apply.ts runs them. */
export function changesOf(
  planned: Planned,
  prior: Record<string, StateEntry>,
): { planJson: string; changes: Change[] } {
  const top = planned.order.filter((n) => n.split(".").length === 3);
  const changes: Change[] = [];
  for (const node of top) {
    const e = planned.plan.plan[node];
    if (e === undefined || e.action === "skip" || e.action === "delete") continue;
    const old = prior[node];
    changes.push({
      node,
      action: e.action,
      value: jsonSafe(e.new_state?.value ?? {}),
      ...(old === undefined ? {} : { priorId: old.__id__, priorState: jsonSafe(old.state) }),
      ...(e.depends_on === undefined ? {} : { dependsOn: e.depends_on }),
    });
  }
  for (const node of [...top].reverse()) {
    const old = prior[node];
    if (planned.plan.plan[node]?.action === "delete" && old !== undefined)
      changes.push({ node, action: "delete", priorId: old.__id__ });
  }
  return { planJson: renderPlanJson(planned.plan), changes };
}
