import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parsePipelineConfig } from "../../shared/pipelines/config/index.js";
import type { DemoState, StoryDeps } from "./context.js";
import { seconds } from "./narration.js";
import type { Step } from "./runner.js";
import { deploySteps } from "./steps-deploy.js";
import { landStep } from "./steps-land.js";
import { pipelineSteps } from "./steps-pipeline.js";
import { promoteSteps } from "./steps-promote.js";
import { prodSteps } from "./steps-prod.js";

/**
 * The story of issue #8 in order: push → deploy to staging → land data → train → evaluate → register
 * (challenger) → [first champion] → promote → approve as a second person → deploy to prod → champion →
 * rollback.
 */
export function storySteps(deps: StoryDeps): Step<DemoState>[] {
  return [
    ...deploySteps(deps),
    landStep(deps),
    ...pipelineSteps(deps),
    ...promoteSteps(deps),
    ...prodSteps(deps),
  ];
}

/** What the story reads from the bundle's sidecar: the model per target and whether promotion runs a job. */
export function sidecarFacts(
  root: string,
  bundle: string,
): { models: Record<string, string>; smokeJob: boolean } {
  const config = parsePipelineConfig(readFileSync(join(root, "bundles", bundle, "orchestrator.yml"), "utf8"));
  // `promotion.smoke` (a job run after the alias flip) is optional; read structurally so older configs fit.
  const smoke = (config.promotion as Record<string, unknown>).smoke;
  return { models: config.models, smokeJob: smoke !== undefined && smoke !== null };
}

/** The issue #8 benchmark lines, from what the steps measured (absent when a step did not get there). */
export function benchmarkLines(state: DemoState, smokeJob: boolean): string[] {
  const lines: string[] = [];
  if (state.completedMs !== undefined) {
    const jobs = smokeJob
      ? "including the smoke job's run, which the target excludes"
      : "no job runs in a promotion of this bundle, so this excludes job run time";
    lines.push(
      `After approval the promotion completed in ${seconds(state.completedMs)} (${jobs}; target: under 30 s).`,
    );
  }
  if (state.idleCost !== undefined) {
    const { before, after, ms } = state.idleCost;
    lines.push(
      `Waiting for approval costs nothing: over ${seconds(ms)} of waiting the orchestration history stayed at ` +
        `${after.events} events (${before.events} before) and ${after.activities} activity executions (${before.activities} before).`,
    );
  }
  return lines;
}
