import type { DatabricksClient } from "../../databricks/client.js";
import { isNotFound } from "../../databricks/errors.js";
import { collect } from "../../databricks/pagination.js";
import { isUnityCatalog, type RunInfo, type VersionInfo } from "./registry.js";

/** Version tag a copy carries: `<source model>/<version>`, so a retried copy finds the first one. */
export const PROMOTED_FROM_TAG = "promoted_from";

/** Finding the copy of a version that a copy run made (copy-run.ts, copy-script.ts). */
export interface VersionCopier {
  /** The version of `model` that is a copy of `marker` (`<source model>/<version>`), or null. */
  findCopy(model: string, marker: string): Promise<string | null>;
}

const quote = (value: string) => `'${value.replace(/'/g, "\\'")}'`;

/**
 * Both MLflow copy paths create the version with source `models:/<marker>`, and the copy script tags it
 * `promoted_from = <marker>`. Unity Catalog's models API returns no version tags, so there the source
 * is the marker (a copy still registering or failed is not one); the workspace registry has both. The
 * emulator serves either shape from its MLflow server (local/databricks/mlflow/uc-shapes.ts).
 */
export function databricksCopier(client: Pick<DatabricksClient, "mlflow" | "unityCatalog">): VersionCopier {
  return {
    async findCopy(model, marker) {
      const source = `models:/${marker}`;
      try {
        if (isUnityCatalog(model)) {
          const versions = await collect(client.unityCatalog.listModelVersions(model));
          const copy = versions.find(
            (v) => v.source === source && (v.status === undefined || v.status === "READY"),
          );
          return copy === undefined ? null : String(copy.version);
        }
        const versions = await collect(
          client.mlflow.searchModelVersions({ filter: `name = ${quote(model)}` }),
        );
        const copy = versions.find(
          (v) =>
            v.status !== "FAILED_REGISTRATION" &&
            (v.source === source ||
              (v.tags ?? []).some((t) => t.key === PROMOTED_FROM_TAG && t.value === marker)),
        );
        return copy?.version ?? null;
      } catch (err) {
        // No target model yet: no copy either (the copy run creates the model).
        if (isNotFound(err)) return null;
        throw err;
      }
    },
  };
}

/** Lineage the copy carries on the version itself: the source version's tags over its run's. */
export function copyTags(
  version: VersionInfo,
  run: RunInfo | null,
  lineage: readonly string[],
): Record<string, string> {
  const merged: Record<string, string> = { ...run?.tags, ...version.tags };
  const tags: Record<string, string> = {};
  for (const key of lineage) {
    const value = merged[key];
    if (value !== undefined) tags[key] = value;
  }
  return tags;
}
