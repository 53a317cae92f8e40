import type { CallOptions, Transport } from "./http.js";
import type {
  CreateModelVersionRequest,
  KeyValue,
  ModelStage,
  ModelVersion,
  RegisteredModel,
  RegistrySearchRequest,
} from "./mlflow-types.js";
import { paginate } from "./pagination.js";

/** MLflow workspace model registry (`/api/2.0/mlflow/registered-models|model-versions`). */
export interface MlflowRegistryApi {
  /** Not retried: a repeat would answer RESOURCE_ALREADY_EXISTS. */
  createRegisteredModel(
    name: string,
    extra?: { description?: string; tags?: KeyValue[] },
    options?: CallOptions,
  ): Promise<RegisteredModel>;
  getRegisteredModel(name: string, options?: CallOptions): Promise<RegisteredModel>;
  searchRegisteredModels(
    request?: RegistrySearchRequest,
    options?: CallOptions,
  ): AsyncIterable<RegisteredModel>;
  setRegisteredModelTag(name: string, key: string, value: string, options?: CallOptions): Promise<void>;
  /** Not retried: a repeat would register a second version. */
  createModelVersion(request: CreateModelVersionRequest, options?: CallOptions): Promise<ModelVersion>;
  getModelVersion(name: string, version: string, options?: CallOptions): Promise<ModelVersion>;
  searchModelVersions(request?: RegistrySearchRequest, options?: CallOptions): AsyncIterable<ModelVersion>;
  updateModelVersion(
    name: string,
    version: string,
    description: string,
    options?: CallOptions,
  ): Promise<ModelVersion>;
  setModelVersionTag(
    name: string,
    version: string,
    key: string,
    value: string,
    options?: CallOptions,
  ): Promise<void>;
  setAlias(name: string, alias: string, version: string, options?: CallOptions): Promise<void>;
  deleteAlias(name: string, alias: string, options?: CallOptions): Promise<void>;
  getModelVersionByAlias(name: string, alias: string, options?: CallOptions): Promise<ModelVersion>;
  /** Deprecated stages, for workspaces that still use them (MLflow OSS path, served by Databricks too). */
  transitionStage(
    name: string,
    version: string,
    stage: ModelStage,
    archiveExistingVersions?: boolean,
    options?: CallOptions,
  ): Promise<ModelVersion>;
}

const models = "/api/2.0/mlflow/registered-models";
const versions = "/api/2.0/mlflow/model-versions";

export function createMlflowRegistryApi(t: Transport): MlflowRegistryApi {
  const model = async (r: Promise<{ registered_model: RegisteredModel }>): Promise<RegisteredModel> =>
    (await r).registered_model;
  const version = async (r: Promise<{ model_version: ModelVersion }>): Promise<ModelVersion> =>
    (await r).model_version;
  const search = <T>(
    path: string,
    field: string,
    request: RegistrySearchRequest = {},
    options?: CallOptions,
  ): AsyncIterable<T> =>
    paginate(async (page_token) => {
      const res = await t.call<Record<string, unknown> & { next_page_token?: string }>({
        ...options,
        method: "GET",
        path,
        query: { ...request, page_token },
      });
      return { items: (res[field] as T[] | undefined) ?? [], nextPageToken: res.next_page_token };
    });
  return {
    createRegisteredModel: (name, extra, options) =>
      model(t.call({ ...options, method: "POST", path: `${models}/create`, body: { name, ...extra } })),
    getRegisteredModel: (name, options) =>
      model(t.call({ ...options, method: "GET", path: `${models}/get`, query: { name } })),
    searchRegisteredModels: (request, options) =>
      search(`${models}/search`, "registered_models", request, options),
    async setRegisteredModelTag(name, key, value, options) {
      await t.call({
        ...options,
        method: "POST",
        path: `${models}/set-tag`,
        body: { name, key, value },
        idempotent: true,
      });
    },
    createModelVersion: (request, options) =>
      version(t.call({ ...options, method: "POST", path: `${versions}/create`, body: request })),
    getModelVersion: (name, v, options) =>
      version(t.call({ ...options, method: "GET", path: `${versions}/get`, query: { name, version: v } })),
    searchModelVersions: (request, options) =>
      search(`${versions}/search`, "model_versions", request, options),
    updateModelVersion: (name, v, description, options) =>
      version(
        t.call({
          ...options,
          method: "PATCH",
          path: `${versions}/update`,
          body: { name, version: v, description },
          idempotent: true,
        }),
      ),
    async setModelVersionTag(name, v, key, value, options) {
      await t.call({
        ...options,
        method: "POST",
        path: `${versions}/set-tag`,
        body: { name, version: v, key, value },
        idempotent: true,
      });
    },
    async setAlias(name, alias, v, options) {
      await t.call({
        ...options,
        method: "POST",
        path: `${models}/alias`,
        body: { name, alias, version: v },
        idempotent: true,
      });
    },
    async deleteAlias(name, alias, options) {
      // The MLflow server reads DELETE parameters from the JSON body, like its own Python client sends them.
      await t.call({
        ...options,
        method: "DELETE",
        path: `${models}/alias`,
        body: { name, alias },
        idempotent: true,
      });
    },
    getModelVersionByAlias: (name, alias, options) =>
      version(t.call({ ...options, method: "GET", path: `${models}/alias`, query: { name, alias } })),
    transitionStage: (name, v, stage, archiveExistingVersions = false, options) =>
      version(
        t.call({
          ...options,
          method: "POST",
          path: `${versions}/transition-stage`,
          idempotent: true,
          body: { name, version: v, stage, archive_existing_versions: archiveExistingVersions },
        }),
      ),
  };
}
