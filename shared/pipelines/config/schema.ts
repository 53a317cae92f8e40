import { z } from "zod";
import { parseDuration } from "./duration.js";
import { patternProblems } from "./path-pattern.js";

/**
 * The bundle's sidecar config for the orchestrator (`orchestrator.yml` next to databricks.yml, issue #5/#7):
 * when landed data starts a pipeline, which bundle jobs form it, the gate, the model per target and the
 * promotion path. Keys are snake_case like databricks.yml; durations are `90s`/`5m`/`2h`/`1d`.
 */

const duration = z.string({ error: "must be a duration like 90s, 5m, 2h or 1d" }).transform((text, ctx) => {
  const seconds = parseDuration(text);
  if (seconds === undefined) {
    ctx.addIssue({ code: "custom", message: "must be a duration like 90s, 5m, 2h or 1d" });
    return z.NEVER;
  }
  return seconds;
});

const name = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,62}$/, { error: "must be lowercase letters, digits, - or _" });
const target = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, { error: "must be a bundle target name" });
const metric = z.string().regex(/^[A-Za-z0-9_.\-/ ]{1,250}$/, { error: "must be an MLflow metric key" });
const fileName = z
  .string()
  .regex(/^[^/\\\p{Cc}]{1,255}$/u, { error: "must be a file name without / or control characters" })
  .refine((v) => v !== "." && v !== "..", { error: "must be a file name, not . or .." });

const landingTrigger = z.strictObject({
  name,
  target,
  storage_account: z.string().regex(/^[a-z0-9]{3,24}$/, {
    error: "must be a storage account name (3-24 lowercase letters or digits)",
  }),
  filesystem: z
    .string()
    .regex(/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, { error: "must be a filesystem (container) name" }),
  partition: z.string().superRefine((source, ctx) => {
    for (const problem of patternProblems(source)) ctx.addIssue({ code: "custom", message: problem });
  }),
  files: z.array(fileName).min(1).default(["*"]),
  marker: fileName.optional(),
  quiet_window: duration.prefault("5m"),
  marker_settle: duration.prefault("10s"),
  dedupe_window: duration.prefault("24h"),
});

const step = z.strictObject({
  job: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, { error: "must be a job resource key of the bundle (resources.jobs.<key>)" }),
  timeout: duration.prefault("2h"),
});

const threshold = z
  .strictObject({ metric, min: z.number().optional(), max: z.number().optional() })
  .refine((t) => t.min !== undefined || t.max !== undefined, { error: "needs min, max or both" })
  .refine((t) => t.min === undefined || t.max === undefined || t.min <= t.max, {
    error: "min must not exceed max",
  });

const championRule = z
  .strictObject({
    metric,
    champion_metric: metric.optional(),
    max_drop: z.number().nonnegative().optional(),
    max_rise: z.number().nonnegative().optional(),
  })
  .refine((r) => (r.max_drop === undefined) !== (r.max_rise === undefined), {
    error: "needs exactly one of max_drop (higher is better) or max_rise (lower is better)",
  });

const gate = z.strictObject({
  required_metrics: z.array(metric).default([]),
  thresholds: z.array(threshold).default([]),
  champion: z.array(championRule).default([]),
});

const modelName = z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+){0,2}$/, {
  error: "must be catalog.schema.model (Unity Catalog) or a workspace registry model name",
});

export const pipelineConfigSchema = z
  .strictObject({
    version: z.literal(1, { error: "must be 1" }),
    landing: z.array(landingTrigger).min(1, { error: "needs at least one trigger" }),
    steps: z.strictObject({ train: step, evaluate: step, register: step }),
    gate,
    models: z.record(target, modelName),
    register: z
      .strictObject({
        alias: z
          .string()
          .regex(/^[a-z][a-z0-9_]{0,62}$/)
          .default("challenger"),
      })
      .default({ alias: "challenger" }),
    promotion: z.strictObject({
      path: z.array(target).min(1, { error: "needs at least one target" }),
      champion_alias: z
        .string()
        .regex(/^[a-z][a-z0-9_]{0,62}$/)
        .default("champion"),
      /** Optional job of the bundle run on the target after the alias flip; a failure rolls back (issue #8). */
      smoke: step.optional(),
    }),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.landing.forEach((trigger, i) => {
      if (seen.has(trigger.name))
        ctx.addIssue({
          code: "custom",
          path: ["landing", i, "name"],
          message: `duplicates trigger "${trigger.name}"`,
        });
      seen.add(trigger.name);
      if (!(trigger.target in config.models))
        ctx.addIssue({
          code: "custom",
          path: ["landing", i, "target"],
          message: `has no model in models.${trigger.target}`,
        });
    });
    config.promotion.path.forEach((t, i) => {
      if (!(t in config.models))
        ctx.addIssue({
          code: "custom",
          path: ["promotion", "path", i],
          message: `has no model in models.${t}`,
        });
      if (config.promotion.path.indexOf(t) !== i)
        ctx.addIssue({ code: "custom", path: ["promotion", "path", i], message: `repeats target "${t}"` });
    });
  });

/** The validated sidecar config; durations are seconds. */
export type PipelineConfig = z.output<typeof pipelineConfigSchema>;
export type LandingTrigger = PipelineConfig["landing"][number];
export type GateConfig = PipelineConfig["gate"];
export type StepName = keyof PipelineConfig["steps"];
