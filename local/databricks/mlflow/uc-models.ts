import { jsonBody, type Route, RouteError, sendJson } from "./http.js";
import type { MlflowCall } from "./mlflow-client.js";
import {
  isUcName,
  type MlflowModel,
  type MlflowVersion,
  parseFullName,
  ucModel,
  ucName,
  ucVersion,
  versionNumber,
} from "./uc-shapes.js";

const prefix = "/api/2.1/unity-catalog/models";

/**
 * Unity Catalog registered models, versions and aliases with UC's shapes (Databricks SDK
 * `service/catalog` RegisteredModelInfo / ModelVersionInfo / RegisteredModelAlias), stored in the MLflow
 * registry under the same three-part name (see uc-shapes.ts). Catalogs and schemas are not emulated: any
 * valid name is accepted.
 */
export function createUcModelsRoute(mlflow: MlflowCall): Route {
  const handlers = ucHandlers(mlflow);
  return async (req, res, url, body) => {
    if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return false;
    const segments = url.pathname.slice(prefix.length).split("/").filter(Boolean).map(decodeURIComponent);
    const [fullName, collection, item, ...rest] = segments;
    const method = req.method ?? "GET";
    const aliases = url.searchParams.get("include_aliases") === "true";
    let answer: unknown;
    if (rest.length > 0) return false;
    else if (fullName === undefined && method === "GET") answer = await handlers.listModels(url.searchParams);
    else if (fullName === undefined && method === "POST") answer = await handlers.createModel(jsonBody(body));
    else if (fullName === undefined) return false;
    else if (collection === undefined && method === "GET")
      answer = await handlers.getModel(fullName, aliases);
    else if (collection === "versions" && item === undefined && method === "GET")
      answer = await handlers.listVersions(fullName, url.searchParams);
    else if (collection === "versions" && item !== undefined && method === "GET")
      answer = await handlers.getVersion(fullName, versionNumber(item), aliases);
    else if (collection === "aliases" && item !== undefined && method === "PUT")
      answer = await handlers.setAlias(fullName, item, jsonBody(body).version_num);
    else if (collection === "aliases" && item !== undefined && method === "DELETE")
      answer = await handlers.deleteAlias(fullName, item);
    else if (collection === "aliases" && item !== undefined && method === "GET")
      answer = await handlers.getByAlias(fullName, item, aliases);
    else return false;
    sendJson(res, 200, answer);
    return true;
  };
}

function ucHandlers(mlflow: MlflowCall) {
  const getModel = async (fullName: string): Promise<MlflowModel> =>
    (
      await mlflow<{ registered_model: MlflowModel }>("GET", "/registered-models/get", {
        name: parseFullName(fullName).full_name,
      })
    ).registered_model;
  const getVersion = async (fullName: string, version: number): Promise<MlflowVersion> =>
    (
      await mlflow<{ model_version: MlflowVersion }>("GET", "/model-versions/get", {
        name: parseFullName(fullName).full_name,
        version: String(version),
      })
    ).model_version;
  return {
    async createModel(request: Record<string, unknown>) {
      const name = ucName(request.catalog_name, request.schema_name, request.name);
      const comment = typeof request.comment === "string" ? request.comment : undefined;
      const created = await mlflow<{ registered_model: MlflowModel }>("POST", "/registered-models/create", {
        name: name.full_name,
        description: comment,
      });
      return ucModel(created.registered_model, true);
    },
    getModel: async (fullName: string, aliases: boolean) => ucModel(await getModel(fullName), aliases),
    async listModels(query: URLSearchParams) {
      const catalog = query.get("catalog_name");
      const schema = query.get("schema_name");
      if (schema && !catalog)
        throw new RouteError("INVALID_PARAMETER_VALUE", "schema_name requires catalog_name");
      // LIKE treats `_` as a wildcard, so the prefix is checked exactly afterwards.
      const exact = catalog
        ? `${ucName(catalog, schema ?? "x", "x").catalog_name}.${schema ? `${schema}.` : ""}`
        : "";
      const page = await mlflow<{ registered_models?: MlflowModel[]; next_page_token?: string }>(
        "GET",
        "/registered-models/search",
        {
          filter: exact ? `name LIKE '${exact}%'` : undefined,
          max_results: query.get("max_results") ?? undefined,
          page_token: query.get("page_token") ?? undefined,
        },
      );
      const models = (page.registered_models ?? []).filter(
        (m) => m.name.startsWith(exact) && isUcName(m.name),
      );
      return {
        registered_models: models.map((m) => ucModel(m, false)),
        next_page_token: page.next_page_token,
      };
    },
    async listVersions(fullName: string, query: URLSearchParams) {
      await getModel(fullName); // UC answers RESOURCE_DOES_NOT_EXIST for an unknown model, not an empty list
      const page = await mlflow<{ model_versions?: MlflowVersion[]; next_page_token?: string }>(
        "GET",
        "/model-versions/search",
        {
          filter: `name='${parseFullName(fullName).full_name}'`,
          max_results: query.get("max_results") ?? undefined,
          page_token: query.get("page_token") ?? undefined,
        },
      );
      return {
        model_versions: (page.model_versions ?? []).map((v) => ucVersion(v, false)),
        next_page_token: page.next_page_token,
      };
    },
    getVersion: async (fullName: string, version: number, aliases: boolean) =>
      ucVersion(await getVersion(fullName, version), aliases),
    async setAlias(fullName: string, alias: string, versionNum: unknown) {
      const version = versionNumber(String(versionNum));
      await mlflow("POST", "/registered-models/alias", {
        name: parseFullName(fullName).full_name,
        alias,
        version: String(version),
      });
      return { alias_name: alias, version_num: version };
    },
    async deleteAlias(fullName: string, alias: string) {
      await mlflow("DELETE", "/registered-models/alias", { name: parseFullName(fullName).full_name, alias });
      return {};
    },
    async getByAlias(fullName: string, alias: string, aliases: boolean) {
      // Looked up on the model first so that a missing alias is RESOURCE_DOES_NOT_EXIST like in UC, without
      // reading MLflow's message (it answers INVALID_PARAMETER_VALUE for that case).
      const model = await getModel(fullName);
      const target = model.aliases?.find((a) => a.alias === alias);
      if (!target)
        throw new RouteError(
          "RESOURCE_DOES_NOT_EXIST",
          `Alias '${alias}' does not exist on model '${fullName}'`,
        );
      return ucVersion(await getVersion(fullName, Number(target.version)), aliases);
    },
  };
}
