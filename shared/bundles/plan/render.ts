import type { Plain } from "../dyn.js";
import { renderJson } from "../render.js";
import type { ActionType, Plan, PlanEntry, PlanResult } from "./types.js";

/**
 * `plan -o json`: Go writes struct fields in declaration order (deployplan.PlanEntry) and map
 * keys sorted, with HTML escaping; big integers are printed verbatim.
 */
export function renderPlanJson(plan: Plan): string {
  const entries = Object.fromEntries(Object.entries(plan.plan).map(([k, e]) => [k, entryPlain(e)]));
  const top: Record<string, Plain> = { plan_version: plan.plan_version, cli_version: plan.cli_version };
  if (plan.lineage !== undefined) top["lineage"] = plan.lineage;
  if (plan.serial !== undefined) top["serial"] = plan.serial;
  top["plan"] = entries;
  return renderJson(top, { htmlEscape: true, sortKeys: false });
}

function entryPlain(e: PlanEntry): Plain {
  const out: Record<string, Plain> = {};
  if (e.depends_on !== undefined) out["depends_on"] = e.depends_on.map((d) => ({ node: d.node, label: d.label }));
  out["action"] = e.action;
  if (e.new_state !== undefined) {
    const ns: Record<string, Plain> = { value: e.new_state.value };
    if (e.new_state.vars !== undefined) ns["vars"] = sorted(e.new_state.vars);
    out["new_state"] = ns;
  }
  if (e.remote_state !== undefined) out["remote_state"] = e.remote_state;
  if (e.changes !== undefined) out["changes"] = sorted(Object.fromEntries(Object.entries(e.changes).map(([k, c]) => [k, { ...c }])));
  return out;
}

const sorted = (o: Record<string, Plain>): Plain => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k] ?? null]));

export interface ActionCounts {
  readonly add: number;
  readonly change: number;
  readonly delete: number;
  readonly unchanged: number;
}

/** As deployplan.CountActions: a recreate counts as one add and one delete. */
export function countActions(plan: Plan): ActionCounts {
  const n = { add: 0, change: 0, delete: 0, unchanged: 0 };
  for (const e of Object.values(plan.plan)) {
    if (e.action === "create" || e.action === "recreate") n.add++;
    if (e.action === "delete" || e.action === "recreate") n.delete++;
    if (e.action === "update") n.change++;
    if (e.action === "skip") n.unchanged++;
  }
  return n;
}

/** `bundle plan` text: one line per non-skip action sorted by key, then the summary line. */
export function renderPlanText(plan: Plan): string {
  const lines = Object.entries(plan.plan)
    .filter(([, e]) => e.action !== "skip")
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, e]) => `${verb(e.action)} ${k.replace(/^resources\./, "")}`);
  const n = countActions(plan);
  const summary = `Plan: ${n.add} to add, ${n.change} to change, ${n.delete} to delete, ${n.unchanged} unchanged`;
  return lines.length === 0 ? `${summary}\n` : `${lines.join("\n")}\n\n${summary}\n`;
}

const verb = (a: ActionType): string => a;

/** A planning error as the CLI prints it: each resource's failure, then the final error. */
export function renderPlanError(result: Extract<PlanResult, { kind: "error" }>): string {
  return [...(result.causes ?? []), result.message].map((m) => `Error: ${m}\n`).join("\n");
}
