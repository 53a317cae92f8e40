import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compileTriggers, type CompiledTrigger } from "../../lake/trigger-match.js";
import { parsePipelineConfig, PIPELINE_CONFIG_FILE } from "./load.js";
import type { PipelineConfig } from "./schema.js";

/** One bundle's sidecar config. */
export interface BundleSidecar {
  readonly bundle: string;
  readonly config: PipelineConfig;
}

/** Reads and validates `<bundlesDir>/<bundle>/orchestrator.yml` of every bundle that has one. @throws PipelineConfigError */
export function loadBundleSidecars(bundlesDir: string): BundleSidecar[] {
  if (!existsSync(bundlesDir)) return [];
  return readdirSync(bundlesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(bundlesDir, entry.name, PIPELINE_CONFIG_FILE)))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((entry) => {
      const file = join(entry.name, PIPELINE_CONFIG_FILE);
      return {
        bundle: entry.name,
        config: parsePipelineConfig(readFileSync(join(bundlesDir, file), "utf8"), file),
      };
    });
}

/**
 * The landing triggers of every bundle, read on first use and kept: a bad sidecar then fails the
 * deliveries that need it (and Event Grid retries them) instead of the whole app's start-up.
 */
export function bundleTriggerSource(bundlesDir: string): () => readonly CompiledTrigger[] {
  let triggers: readonly CompiledTrigger[] | undefined;
  return () =>
    (triggers ??= loadBundleSidecars(bundlesDir).flatMap((s) => compileTriggers(s.config.landing)));
}
