import { isUnityCatalog } from "../promotion/registry.js";
import type { TagVersionInput, TagVersionResult } from "./pipeline.contracts.js";
import type { RunsClient } from "./runs.js";
import { versionLineageTags } from "./version-tags.js";

/**
 * Sets the lineage tags on a workspace-registry version. Our client has no Unity Catalog version tags
 * (the models API carries none), so a UC version's tags go on the run it was registered from, where
 * promotion's preflight reads them too (it merges run and version tags).
 */
export async function tagModelVersion(client: RunsClient, input: TagVersionInput): Promise<TagVersionResult> {
  const tags = versionLineageTags(input.lineage);
  const uc = isUnityCatalog(input.model);
  for (const [key, value] of Object.entries(tags)) {
    if (uc) await client.mlflow.setRunTag(input.runId, key, value);
    else await client.mlflow.setModelVersionTag(input.model, input.version, key, value);
  }
  return { on: uc ? "run" : "version", tags };
}
