import { describe, expect, it } from "vitest";
import type { GateConfig } from "../../../shared/pipelines/config/index.js";
import { evaluateGate, type Metrics } from "../../../shared/pipelines/gate.js";

// The churn sidecar's gate, plus a lower-is-better rule.
const gate: GateConfig = {
  required_metrics: ["eval_roc_auc", "eval_f1"],
  thresholds: [
    { metric: "eval_roc_auc", min: 0.75 },
    { metric: "eval_f1", min: 0.5 },
    { metric: "eval_log_loss", max: 0.6 },
  ],
  champion: [
    { metric: "eval_roc_auc", champion_metric: "champion_roc_auc", max_drop: 0.02 },
    { metric: "eval_log_loss", max_rise: 0.05 },
  ],
};
const good: Metrics = { eval_roc_auc: 0.86, eval_f1: 0.71, eval_log_loss: 0.41 };

describe("evaluateGate", () => {
  it.each<[string, Metrics, Metrics | null, readonly string[]]>([
    ["passes good metrics without a champion", good, null, []],
    [
      "passes when within tolerance of the champion",
      good,
      { champion_roc_auc: 0.875, eval_log_loss: 0.38 },
      [],
    ],
    [
      "passes exactly at a threshold despite float noise",
      { ...good, eval_roc_auc: 0.7499999999999 },
      null,
      [],
    ],
    ["passes a drop of exactly the tolerance", good, { champion_roc_auc: 0.88, eval_log_loss: 0.41 }, []],
    ["rejects a floor miss", { ...good, eval_f1: 0.42 }, null, ["eval_f1 0.42 < 0.5"]],
    ["rejects a ceiling miss", { ...good, eval_log_loss: 0.7 }, null, ["eval_log_loss 0.7 > 0.6"]],
    [
      "rejects a drop against the champion",
      good,
      { champion_roc_auc: 0.91, eval_log_loss: 0.41 },
      ["eval_roc_auc 0.86 vs champion 0.91: drop 0.05 > 0.02"],
    ],
    [
      "rejects a rise of a lower-is-better metric",
      good,
      { champion_roc_auc: 0.86, eval_log_loss: 0.3 },
      ["eval_log_loss 0.41 vs champion 0.3: rise 0.11 > 0.05"],
    ],
    [
      "fails every rule that needs a missing metric, with the reason",
      { eval_roc_auc: 0.9, eval_log_loss: 0.4 },
      null,
      ["eval_f1 is missing", "eval_f1 is missing"],
    ],
    [
      "treats NaN as missing",
      { ...good, eval_roc_auc: Number.NaN },
      null,
      ["eval_roc_auc is missing", "eval_roc_auc is missing"],
    ],
    [
      "fails a champion rule whose champion metric is missing",
      good,
      { eval_log_loss: 0.41 },
      ["champion metric champion_roc_auc is missing"],
    ],
    [
      "reports every failure at once",
      { eval_roc_auc: 0.6, eval_f1: 0.3 },
      null,
      ["eval_roc_auc 0.6 < 0.75", "eval_f1 0.3 < 0.5", "eval_log_loss is missing"],
    ],
  ])("%s", (_name, candidate, champion, reasons) => {
    const decision = evaluateGate(gate, candidate, champion);
    expect(decision.kind).toBe(reasons.length === 0 ? "passed" : "rejected");
    expect(decision.kind === "rejected" ? decision.reasons : []).toEqual(reasons);
  });

  it("records every check, marking champion rules skipped when there is no champion", () => {
    const decision = evaluateGate(gate, good, null);
    expect(decision.checks).toHaveLength(7);
    expect(decision.checks.slice(-2)).toEqual([
      { rule: "eval_roc_auc drops at most 0.02 vs champion", passed: true, detail: "skipped: no champion" },
      { rule: "eval_log_loss rises at most 0.05 vs champion", passed: true, detail: "skipped: no champion" },
    ]);
  });

  it("passes an empty gate", () => {
    expect(evaluateGate({ required_metrics: [], thresholds: [], champion: [] }, {}, null)).toEqual({
      kind: "passed",
      checks: [],
    });
  });
});
