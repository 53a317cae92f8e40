import type { DatabricksClient } from "../../databricks/client.js";
import type { MlflowRun } from "../../databricks/mlflow-types.js";
import { databricksRegistry, isUnityCatalog } from "../promotion/registry.js";
import type {
  AliasedVersion,
  FindRegisteredInput,
  FindTrainRunInput,
  ModelRef,
  RunMetrics,
} from "./pipeline.contracts.js";

/** The MLflow side of the pipeline: tracking (runs, metrics) and the registry (aliases, versions). */
export type RunsClient = Pick<DatabricksClient, "mlflow" | "unityCatalog">;

const metricsOf = (run: MlflowRun): Record<string, number> =>
  Object.fromEntries((run.data?.metrics ?? []).map((m) => [m.key, m.value]));

// MLflow's search grammar quotes with '...'; a quote inside is escaped with a backslash (tracking.py does the same).
const quoted = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/**
 * The train run of an orchestration: the newest finished run tagged `orchestration_id=<instance>` in the
 * bundle's experiments — the convention bundles/churn/churn/tracking.py uses, so no job output is parsed.
 */
export async function findTrainRun(client: RunsClient, input: FindTrainRunInput): Promise<RunMetrics | null> {
  if (input.experimentIds.length === 0) return null;
  const runs = client.mlflow.searchRuns({
    experiment_ids: [...input.experimentIds],
    filter: `tags.orchestration_id = ${quoted(input.orchestrationId)} and attributes.status = 'FINISHED'`,
    order_by: ["attributes.start_time DESC"],
    max_results: 1,
  });
  for await (const run of runs) return { runId: run.info.run_id, metrics: metricsOf(run) };
  return null;
}

export async function readRunMetrics(client: RunsClient, runId: string): Promise<RunMetrics> {
  return { runId, metrics: metricsOf(await client.mlflow.getRun(runId)) };
}

/** The version behind an alias and its run's metrics; null when the model or alias does not exist. */
export async function findAliasedVersion(client: RunsClient, ref: ModelRef): Promise<AliasedVersion | null> {
  const registry = databricksRegistry(client);
  const version = await registry.versionByAlias(ref.model, ref.alias);
  if (version === null) return null;
  const info = await registry.getVersion(ref.model, version);
  const runId = info?.runId ?? null;
  const run = runId === null ? null : await registry.getRun(runId);
  return { version, runId, metrics: run?.metrics ?? {} };
}

/**
 * The version registered from `runId`: the aliased one when it comes from that run, else (another
 * pipeline moved the alias since) the newest version of the model whose run is `runId`; null if none.
 */
export async function findRegisteredVersion(
  client: RunsClient,
  input: FindRegisteredInput,
): Promise<{ version: string } | null> {
  const registry = databricksRegistry(client);
  const aliased = await registry.versionByAlias(input.model, input.alias);
  if (aliased !== null && (await registry.getVersion(input.model, aliased))?.runId === input.runId)
    return { version: aliased };
  const versions = isUnityCatalog(input.model)
    ? client.unityCatalog.listModelVersions(input.model)
    : client.mlflow.searchModelVersions({ filter: `name = ${quoted(input.model)}` });
  let newest: number | undefined;
  for await (const v of versions)
    if (v.run_id === input.runId) newest = Math.max(newest ?? 0, Number(v.version));
  return newest === undefined ? null : { version: String(newest) };
}
