import type { GateConfig } from "./config/schema.js";

/** Metric values by MLflow key. */
export type Metrics = Readonly<Record<string, number>>;

/** One evaluated rule, for the custom status and the lineage manifest. */
export interface GateCheck {
  readonly rule: string;
  readonly passed: boolean;
  readonly detail: string;
}

/** The gate's verdict as data: a rejection is an outcome, not an error (style guide). */
export type GateDecision =
  | { readonly kind: "passed"; readonly checks: readonly GateCheck[] }
  | { readonly kind: "rejected"; readonly reasons: readonly string[]; readonly checks: readonly GateCheck[] };

// Metrics round-trip through MLflow as doubles; do not reject 0.75 because it came back as 0.7499999999.
const EPSILON = 1e-9;
const fmt = (n: number) => String(Number(n.toPrecision(6)));

function valueOf(metrics: Metrics, key: string): number | undefined {
  const value = metrics[key];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/**
 * Decides whether a candidate may be registered. Pure and deterministic, so the orchestrator evaluates it
 * in place. Every rule is checked (all reasons are reported at once); a missing or non-finite metric fails
 * the rules that need it. Champion rules pass as "skipped" when there is no champion yet.
 */
export function evaluateGate(gate: GateConfig, candidate: Metrics, champion: Metrics | null): GateDecision {
  const checks: GateCheck[] = [];
  const check = (rule: string, passed: boolean, detail: string) => checks.push({ rule, passed, detail });

  for (const key of gate.required_metrics) {
    const value = valueOf(candidate, key);
    check(
      `required ${key}`,
      value !== undefined,
      value === undefined ? `${key} is missing` : `${key} = ${fmt(value)}`,
    );
  }
  for (const { metric, min, max } of gate.thresholds) {
    const rule = `${metric} within [${min ?? "-inf"}, ${max ?? "+inf"}]`;
    const value = valueOf(candidate, metric);
    if (value === undefined) check(rule, false, `${metric} is missing`);
    else if (min !== undefined && value < min - EPSILON)
      check(rule, false, `${metric} ${fmt(value)} < ${min}`);
    else if (max !== undefined && value > max + EPSILON)
      check(rule, false, `${metric} ${fmt(value)} > ${max}`);
    else check(rule, true, `${metric} = ${fmt(value)}`);
  }
  for (const rule of gate.champion) {
    const championKey = rule.champion_metric ?? rule.metric;
    const drop = rule.max_drop !== undefined;
    const tolerance = rule.max_drop ?? rule.max_rise ?? 0;
    const name = `${rule.metric} ${drop ? "drops at most" : "rises at most"} ${tolerance} vs champion`;
    if (champion === null) {
      check(name, true, "skipped: no champion");
      continue;
    }
    const value = valueOf(candidate, rule.metric);
    const reference = valueOf(champion, championKey);
    if (value === undefined) check(name, false, `${rule.metric} is missing`);
    else if (reference === undefined) check(name, false, `champion metric ${championKey} is missing`);
    else {
      const delta = value - reference;
      const passed = drop ? -delta <= tolerance + EPSILON : delta <= tolerance + EPSILON;
      const detail = `${rule.metric} ${fmt(value)} vs champion ${fmt(reference)}`;
      check(
        name,
        passed,
        passed ? detail : `${detail}: ${drop ? "drop" : "rise"} ${fmt(Math.abs(delta))} > ${tolerance}`,
      );
    }
  }
  const reasons = checks.filter((c) => !c.passed).map((c) => c.detail);
  return reasons.length === 0 ? { kind: "passed", checks } : { kind: "rejected", reasons, checks };
}
