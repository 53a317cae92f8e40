import type { DatabricksClient } from "../../databricks/client.js";
import { isNotFound } from "../../databricks/errors.js";

/** One model version as promotion needs it: its run and its tags (empty where the registry has none). */
export interface VersionInfo {
  readonly version: string;
  readonly runId: string | null;
  readonly tags: Readonly<Record<string, string>>;
}

/** The run behind a version: its tags and latest metric values. */
export interface RunInfo {
  readonly tags: Readonly<Record<string, string>>;
  readonly metrics: Readonly<Record<string, number>>;
}

/** The registry operations promotion uses, the same for Unity Catalog and the workspace registry. */
export interface ModelRegistry {
  getVersion(model: string, version: string): Promise<VersionInfo | null>;
  versionByAlias(model: string, alias: string): Promise<string | null>;
  setAlias(model: string, alias: string, version: string): Promise<void>;
  deleteAlias(model: string, alias: string): Promise<void>;
  getRun(runId: string): Promise<RunInfo | null>;
}

const orNull = async <T>(run: () => Promise<T>): Promise<T | null> => {
  try {
    return await run();
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
};

const toRecord = (pairs: readonly { key: string; value: string }[] | undefined) =>
  Object.fromEntries((pairs ?? []).map((p) => [p.key, p.value]));

/** Unity Catalog models are named catalog.schema.model; anything shorter is a workspace registry model. */
export const isUnityCatalog = (model: string) => model.split(".").length === 3;

/**
 * A {@link ModelRegistry} over the Databricks client. Unity Catalog versions carry no tags in the
 * models API, so lineage is read from the run, which the register job tags the same way.
 */
export function databricksRegistry(client: Pick<DatabricksClient, "mlflow" | "unityCatalog">): ModelRegistry {
  const uc = client.unityCatalog;
  const ws = client.mlflow;
  return {
    getVersion: (model, version) =>
      orNull(async () => {
        if (isUnityCatalog(model)) {
          const v = await uc.getModelVersion(model, Number(version));
          return { version: String(v.version), runId: v.run_id ?? null, tags: {} };
        }
        const v = await ws.getModelVersion(model, version);
        return { version: v.version, runId: v.run_id ?? null, tags: toRecord(v.tags) };
      }),
    versionByAlias: (model, alias) =>
      orNull(async () =>
        isUnityCatalog(model)
          ? String((await uc.getModelVersionByAlias(model, alias)).version)
          : (await ws.getModelVersionByAlias(model, alias)).version,
      ),
    async setAlias(model, alias, version) {
      if (isUnityCatalog(model)) await uc.setAlias(model, alias, Number(version));
      else await ws.setAlias(model, alias, version);
    },
    async deleteAlias(model, alias) {
      // Deleting an alias that is gone already is success: the activity may be a retry.
      await orNull(() =>
        isUnityCatalog(model) ? uc.deleteAlias(model, alias) : ws.deleteAlias(model, alias),
      );
    },
    getRun: (runId) =>
      orNull(async () => {
        const run = await ws.getRun(runId);
        const metrics = Object.fromEntries((run.data?.metrics ?? []).map((m) => [m.key, m.value]));
        return { tags: toRecord(run.data?.tags), metrics };
      }),
  };
}
