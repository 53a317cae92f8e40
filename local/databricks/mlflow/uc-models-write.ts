import { jsonBody, type Route, sendJson } from "./http.js";
import type { MlflowCall } from "./mlflow-client.js";
import { type MlflowModel, parseFullName, ucModel } from "./uc-shapes.js";

const prefix = "/api/2.1/unity-catalog/models/";

/**
 * `PATCH` and `DELETE /api/2.1/unity-catalog/models/{full_name}`: what bundle deploy and destroy send
 * for registered_models. The comment is the MLflow description; a rename is not emulated (the bundle
 * engine recreates on a name change, like the CLI's direct engine).
 */
export function createUcModelWritesRoute(mlflow: MlflowCall): Route {
  return async (req, res, url, body) => {
    const method = req.method ?? "GET";
    if (!url.pathname.startsWith(prefix) || (method !== "PATCH" && method !== "DELETE")) return false;
    const segments = url.pathname.slice(prefix.length).split("/").filter(Boolean).map(decodeURIComponent);
    if (segments.length !== 1) return false;
    const name = parseFullName(segments[0] ?? "").full_name;
    if (method === "DELETE") {
      await mlflow("DELETE", "/registered-models/delete", { name });
      sendJson(res, 200, {});
      return true;
    }
    const request = jsonBody(body);
    const comment = typeof request.comment === "string" ? request.comment : undefined;
    const updated = await mlflow<{ registered_model: MlflowModel }>("PATCH", "/registered-models/update", {
      name,
      description: comment ?? "",
    });
    sendJson(res, 200, ucModel(updated.registered_model, false));
    return true;
  };
}
