import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  compilePattern,
  parseDuration,
  parsePipelineConfig,
  PipelineConfigError,
  validatePipelineConfig,
} from "../../../shared/pipelines/config/index.js";

const churnText = readFileSync(new URL("../../../bundles/churn/orchestrator.yml", import.meta.url), "utf8");

function problemsOf(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (err) {
    if (err instanceof PipelineConfigError) return [...err.problems];
    throw err;
  }
  throw new Error("expected a PipelineConfigError");
}

const minimal = () => ({
  version: 1,
  landing: [
    {
      name: "t",
      target: "dev",
      storage_account: "acct1",
      filesystem: "landing",
      partition: "d/date={yyyy}-{MM}-{dd}",
    },
  ],
  steps: { train: { job: "train" }, evaluate: { job: "evaluate" }, register: { job: "register" } },
  gate: {},
  models: { dev: "main.ml.churn", prod: "prod.ml.churn" },
  promotion: { path: ["prod"] },
});

describe("the churn bundle's sidecar config", () => {
  it("validates, with durations in seconds and defaults filled", () => {
    const config = parsePipelineConfig(churnText);
    const local = config.landing[0];
    expect(local).toMatchObject({
      name: "customers-local",
      target: "local",
      storage_account: "devstoreaccount1",
      filesystem: "landing",
      marker: "_SUCCESS",
      quiet_window: 120,
      marker_settle: 5,
      dedupe_window: 86_400,
    });
    // Default marker settle where the trigger gives none.
    expect(config.landing.find((t) => t.name === "customers-dev")?.marker_settle).toBe(10);
    expect(config.steps.train).toEqual({ job: "train", timeout: 7_200 });
    expect(config.gate.required_metrics).toEqual(["eval_roc_auc", "eval_f1"]);
    expect(config.models.local).toBe("main.ml_local.churn");
    expect(config.register.alias).toBe("challenger");
    expect(config.promotion).toEqual({ path: ["staging", "prod"], champion_alias: "champion" });
  });

  it("names jobs that exist in the bundle's resources", () => {
    const config = parsePipelineConfig(churnText);
    for (const step of Object.values(config.steps)) {
      const resource = readFileSync(
        new URL(`../../../bundles/churn/resources/${step.job}.yml`, import.meta.url),
        "utf8",
      );
      expect(resource).toContain(`    ${step.job}:\n`);
    }
  });
});

describe("validation errors name the bad field", () => {
  it("lists every problem with its path", () => {
    const bad = minimal() as Record<string, unknown>;
    bad.landing = [
      { ...minimal().landing[0], quiet_window: "5 minutes", storage_account: "Bad_Account", extra: 1 },
      { ...minimal().landing[0], partition: "../x/{date}", target: "qa" },
    ];
    const problems = problemsOf(() => validatePipelineConfig(bad));
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: "landing[0].quiet_window", message: "must be a duration like 90s, 5m, 2h or 1d" },
        {
          path: "landing[0].storage_account",
          message: "must be a storage account name (3-24 lowercase letters or digits)",
        },
        { path: "landing[0].extra", message: "is not a known field" },
        { path: "landing[1].partition", message: "must not contain empty, . or .. segments" },
        { path: "landing[1].partition", message: "unknown token {date}; use {yyyy}, {MM}, {dd} or {HH}" },
      ]),
    );
  });

  it("checks rules across fields: unique triggers, models for targets, promotion path", () => {
    const bad = { ...minimal(), landing: [minimal().landing[0], { ...minimal().landing[0], target: "qa" }] };
    bad.promotion = { path: ["prod", "staging", "prod"] };
    const problems = problemsOf(() => validatePipelineConfig(bad));
    expect(problems).toEqual([
      { path: "landing[1].name", message: 'duplicates trigger "t"' },
      { path: "landing[1].target", message: "has no model in models.qa" },
      { path: "promotion.path[1]", message: "has no model in models.staging" },
      { path: "promotion.path[2]", message: 'repeats target "prod"' },
    ]);
  });

  it("rejects gate rules that cannot be evaluated", () => {
    const gate = {
      thresholds: [{ metric: "auc" }, { metric: "f1", min: 0.9, max: 0.1 }],
      champion: [{ metric: "auc", max_drop: 0.1, max_rise: 0.1 }],
    };
    const bad = { ...minimal(), gate };
    expect(problemsOf(() => validatePipelineConfig(bad))).toEqual([
      { path: "gate.thresholds[0]", message: "needs min, max or both" },
      { path: "gate.thresholds[1]", message: "min must not exceed max" },
      {
        path: "gate.champion[0]",
        message: "needs exactly one of max_drop (higher is better) or max_rise (lower is better)",
      },
    ]);
  });

  it("reports YAML syntax errors and duplicate keys by line", () => {
    expect(problemsOf(() => parsePipelineConfig("version: 1\nversion: 1\n"))).toEqual([
      { path: "(line 2)", message: "Map keys must be unique at line 2, column 1:" },
    ]);
    expect(() => parsePipelineConfig("version: [1\n")).toThrow(PipelineConfigError);
    expect(problemsOf(() => parsePipelineConfig("version: [1\n"))[0]?.path).toMatch(/^\(line \d+\)$/);
    expect(() => parsePipelineConfig("version: 2\n")).toThrow(
      expect.objectContaining({ code: "PIPELINE_CONFIG_INVALID", status: 400 }) as Error,
    );
  });

  it("accepts the minimal config and fills defaults", () => {
    const config = validatePipelineConfig(minimal());
    expect(config.landing[0]).toMatchObject({ files: ["*"], quiet_window: 300, dedupe_window: 86_400 });
    expect(config.gate).toEqual({ required_metrics: [], thresholds: [], champion: [] });
  });
});

describe("durations and partition patterns", () => {
  it.each([
    ["90s", 90],
    ["5m", 300],
    ["2h", 7200],
    ["1d", 86400],
    ["5", undefined],
    ["1h30m", undefined],
    ["-1m", undefined],
  ])("parseDuration(%s) = %s", (text, seconds) => expect(parseDuration(text)).toBe(seconds));

  const pattern = compilePattern("churn/customers/date={yyyy}-{MM}-{dd}");

  it("matches files directly inside a partition and returns its key", () => {
    expect(pattern.match("churn/customers/date=2026-11-25/part-00000.csv")).toEqual({
      partition: "churn/customers/date=2026-11-25",
      file: "part-00000.csv",
      values: { yyyy: "2026", MM: "11", dd: "25" },
    });
  });

  it.each([
    "churn/customers/date=2026-11-25",
    "churn/customers/date=2026-11-25/sub/part.csv",
    "churn/customers/date=2026-13-01/part.csv",
    "churn/customers/date=2026-02-30/part.csv",
    "churn/customers/date=2026-1-05/part.csv",
    "other/customers/date=2026-11-25/part.csv",
  ])("does not match %s", (path) => expect(pattern.match(path)).toBeUndefined());

  it("treats pattern text literally, not as a regular expression", () => {
    const dotted = compilePattern("a.b/{yyyy}");
    expect(dotted.match("a.b/2026/f")).toBeDefined();
    expect(dotted.match("axb/2026/f")).toBeUndefined();
    expect(() => compilePattern("a/*/{yyyy}")).toThrow(/glob characters/);
  });
});
