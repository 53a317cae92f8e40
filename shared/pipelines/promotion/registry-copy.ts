import type { DatabricksClient } from "../../databricks/client.js";
import { isAlreadyExists } from "../../databricks/errors.js";
import { collect } from "../../databricks/pagination.js";
import { isUnityCatalog, type RunInfo, type VersionInfo } from "./registry.js";

/** Version tag a copy carries: `<source model>/<version>`, so a retried copy finds the first one. */
export const PROMOTED_FROM_TAG = "promoted_from";

/** What copying a version into another registered model needs from the registry. */
export interface VersionCopier {
  /** The version of `model` tagged as a copy of `marker`, or null. */
  findCopy(model: string, marker: string): Promise<string | null>;
  /** Creates the registered model unless it exists. */
  ensureModel(model: string): Promise<void>;
  /** A new version of `model` from `source` artifacts, tied to `runId`, with `tags`. */
  createVersion(
    model: string,
    source: string,
    runId: string | null,
    tags: Readonly<Record<string, string>>,
  ): Promise<string>;
}

const quote = (value: string) => `'${value.replace(/'/g, "\\'")}'`;

/**
 * Copies over the MLflow registry API, as MLflow's own `copy_model_version` does: the model is created
 * when missing, the version points at `models:/<source>/<version>`. The emulator stores Unity Catalog
 * models in that registry under their three-part names (local/databricks/mlflow/uc-shapes.ts), so this
 * is what a local UC copy is. A real Unity Catalog metastore takes new versions only through MLflow's
 * UC client (artifacts uploaded with temporary credentials): not done here — see ADR 0020.
 */
export function databricksCopier(client: Pick<DatabricksClient, "mlflow" | "unityCatalog">): VersionCopier {
  const ws = client.mlflow;
  return {
    async findCopy(model, marker) {
      const versions = await collect(ws.searchModelVersions({ filter: `name = ${quote(model)}` }));
      const copy = versions.find((v) =>
        (v.tags ?? []).some((t) => t.key === PROMOTED_FROM_TAG && t.value === marker),
      );
      return copy?.version ?? null;
    },
    async ensureModel(model) {
      try {
        if (isUnityCatalog(model)) {
          const [catalog_name = "", schema_name = "", name = ""] = model.split(".");
          await client.unityCatalog.createRegisteredModel({ catalog_name, schema_name, name });
        } else {
          await ws.createRegisteredModel(model);
        }
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
    },
    async createVersion(model, source, runId, tags) {
      const created = await ws.createModelVersion({
        name: model,
        source,
        ...(runId === null ? {} : { run_id: runId }),
        tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
      });
      return created.version;
    },
  };
}

/** Lineage the copy carries on the version itself: the source version's tags over its run's. */
export function copyTags(
  version: VersionInfo,
  run: RunInfo | null,
  marker: string,
  lineage: readonly string[],
): Record<string, string> {
  const merged: Record<string, string> = { ...run?.tags, ...version.tags };
  const tags: Record<string, string> = {};
  for (const key of lineage) {
    const value = merged[key];
    if (value !== undefined) tags[key] = value;
  }
  return { ...tags, [PROMOTED_FROM_TAG]: marker };
}
