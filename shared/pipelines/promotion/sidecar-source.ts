import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parsePipelineConfig, PIPELINE_CONFIG_FILE } from "../config/load.js";
import type { PipelineConfig } from "../config/schema.js";

/** Where preflight finds a bundle's sidecar config (orchestrator.yml): null for an unknown bundle. */
export interface SidecarSource {
  load(bundle: string): Promise<PipelineConfig | null>;
}

const BUNDLE = /^[a-z][a-z0-9_-]{0,62}$/;

/**
 * Reads `<root>/<bundle>/orchestrator.yml` from a checkout (the local stack runs from the repository).
 * An invalid file throws its PipelineConfigError (non-retryable, reported as the activity's failure).
 */
export function directorySidecarSource(root: string): SidecarSource {
  return {
    async load(bundle) {
      if (!BUNDLE.test(bundle)) return null;
      const file = join(root, bundle, PIPELINE_CONFIG_FILE);
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw err;
      }
      return parsePipelineConfig(text, `${bundle}/${PIPELINE_CONFIG_FILE}`);
    },
  };
}
