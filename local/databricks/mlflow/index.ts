import type { IncomingMessage, ServerResponse } from "node:http";
import { type Route, RouteError, sendError } from "./http.js";
import { createMlflowCall } from "./mlflow-client.js";
import { createForwardRoute } from "./proxy.js";
import { createUcModelsRoute } from "./uc-models.js";
import { createUcModelWritesRoute } from "./uc-models-write.js";
import { createWorkspaceExtrasRoute } from "./workspace-extras.js";

export { errorStatus, type Route } from "./http.js";

export interface MlflowRoutesOptions {
  /** The MLflow tracking server, e.g. `startMlflow(...).url`. */
  mlflowUrl: string;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

/**
 * The emulator's MLflow routes: Databricks-only registry spellings, Unity Catalog models, and everything
 * else under `/api/2.0/mlflow` forwarded to the real MLflow server. Order matters: the extras sit under the
 * forwarded prefix. Auth is the emulator's job before these routes run.
 */
export function createMlflowRoutes(options: MlflowRoutesOptions): Route[] {
  const fetchImpl = options.fetch ?? fetch;
  const mlflow = createMlflowCall(options.mlflowUrl, fetchImpl);
  return [
    createWorkspaceExtrasRoute(mlflow),
    createUcModelWritesRoute(mlflow),
    createUcModelsRoute(mlflow),
    createForwardRoute(options.mlflowUrl, fetchImpl),
  ].map(withDatabricksErrors);
}

/** Turns failures inside a route into Databricks' error JSON, so a route never leaves a request hanging. */
function withDatabricksErrors(route: Route): Route {
  return async (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) => {
    try {
      return await route(req, res, url, body);
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
      } else if (err instanceof RouteError) {
        sendError(res, err.errorCode, err.message, err.status);
      } else {
        sendError(res, "INTERNAL_ERROR", "The emulator failed to answer this MLflow request", 500);
      }
      return true;
    }
  };
}
