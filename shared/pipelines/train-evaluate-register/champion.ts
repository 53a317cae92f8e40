import type { GateConfig } from "../config/schema.js";
import type { Metrics } from "../gate.js";

/**
 * The champion side of the gate's relative rules (ADR 0025). A rule naming a
 * `champion_metric` reads it from the candidate's run: the evaluate job scores the champion on the same
 * holdout and logs it there (churn: `champion_roc_auc`). A rule without one compares with the value the
 * champion's own run holds. Null when there is no champion: the gate then skips the relative rules.
 */
export function championMetrics(
  gate: GateConfig,
  candidate: Metrics,
  champion: { readonly metrics: Metrics } | null,
): Metrics | null {
  if (champion === null) return null;
  const named = new Set(gate.champion.flatMap((rule) => rule.champion_metric ?? []));
  // A named key never falls back to the champion's own run: missing there means "not evaluated".
  const own = Object.entries(champion.metrics).filter(([key]) => !named.has(key));
  const fromCandidateRun = [...named].flatMap((key) => {
    const value = candidate[key];
    return value === undefined ? [] : [[key, value] as const];
  });
  return Object.fromEntries([...own, ...fromCandidateRun]);
}
