import { createHash } from "node:crypto";
import { jsonBody, type Route, sendJson } from "./http.js";
import type { MlflowCall } from "./mlflow-client.js";

/**
 * Databricks-only spellings of workspace-registry calls, mapped onto the MLflow OSS endpoints that do the
 * same work: `/mlflow/databricks/model-versions/transition-stage` (its `comment` is recorded nowhere in
 * MLflow OSS and is dropped) and `/mlflow/databricks/registered-models/get` (no permission level to report;
 * the `id` the permissions API keys models by is derived from the name, which MLflow OSS has no id
 * besides, so a model recreated under the same name gets the same id).
 */
export function createWorkspaceExtrasRoute(mlflow: MlflowCall): Route {
  return async (req, res, url, body) => {
    const path = url.pathname.replace("/api/2.0/preview/mlflow/", "/api/2.0/mlflow/");
    if (path === "/api/2.0/mlflow/databricks/model-versions/transition-stage" && req.method === "POST") {
      const { name, version, stage, archive_existing_versions } = jsonBody(body);
      const answer = await mlflow<Record<string, unknown>>("POST", "/model-versions/transition-stage", {
        name: name as string,
        version: version as string,
        stage: stage as string,
        archive_existing_versions: (archive_existing_versions as boolean | undefined) ?? false,
      });
      sendJson(res, 200, answer);
      return true;
    }
    if (path === "/api/2.0/mlflow/databricks/registered-models/get" && req.method === "GET") {
      const answer = await mlflow<{ registered_model: unknown }>("GET", "/registered-models/get", {
        name: url.searchParams.get("name") ?? undefined,
      });
      const model = answer.registered_model as { name?: string };
      const id = createHash("sha256")
        .update(model.name ?? "")
        .digest("hex")
        .slice(0, 32);
      sendJson(res, 200, { registered_model_databricks: { ...model, id } });
      return true;
    }
    return false;
  };
}
