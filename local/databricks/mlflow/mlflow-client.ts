import { RouteError } from "./http.js";

/** A JSON call to the MLflow server, as the UC routes need it. */
export type MlflowCall = <T>(
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  params: Record<string, string | number | boolean | undefined | string[]>,
) => Promise<T>;

/**
 * Calls `<mlflowUrl>/api/2.0/mlflow<path>`: GET parameters go in the query, others in a JSON body (the MLflow
 * server reads DELETE parameters from the body). MLflow errors become RouteErrors with the same error_code.
 */
export function createMlflowCall(mlflowUrl: string, fetchImpl: typeof fetch = fetch): MlflowCall {
  const base = mlflowUrl.replace(/\/+$/, "");
  return async <T>(
    method: string,
    path: string,
    params: Record<string, string | number | boolean | undefined | string[]>,
  ): Promise<T> => {
    const url = new URL(`${base}/api/2.0/mlflow${path}`);
    const init: RequestInit = { method, headers: { "content-type": "application/json" } };
    if (method === "GET") {
      for (const [key, value] of Object.entries(params)) {
        for (const v of Array.isArray(value) ? value : [value]) {
          if (v !== undefined) url.searchParams.append(key, String(v));
        }
      }
    } else {
      init.body = JSON.stringify(params);
    }
    let res: Response;
    try {
      res = await fetchImpl(url, init);
    } catch {
      throw new RouteError(
        "TEMPORARILY_UNAVAILABLE",
        "The MLflow server behind the emulator is not reachable",
      );
    }
    const text = await res.text();
    const json = parseObject(text);
    if (!res.ok) {
      const code = typeof json.error_code === "string" ? json.error_code : "INTERNAL_ERROR";
      throw new RouteError(
        code,
        typeof json.message === "string" ? json.message : `MLflow answered ${res.status}`,
      );
    }
    return json as T;
  };
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = text ? JSON.parse(text) : {};
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
