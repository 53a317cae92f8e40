import type { CallOptions, Transport } from "./http.js";
import { paginate } from "./pagination.js";

/** A UC alias: `version_num` is the model version number. */
export interface RegisteredModelAlias {
  alias_name: string;
  version_num: number;
}

/** `RegisteredModelInfo` (Go SDK service/catalog/model.go). */
export interface UcRegisteredModel {
  name: string;
  catalog_name: string;
  schema_name: string;
  full_name?: string;
  comment?: string;
  owner?: string;
  storage_location?: string;
  aliases?: RegisteredModelAlias[];
  created_at?: number;
  updated_at?: number;
}

/** `ModelVersionInfo`. */
export interface UcModelVersion {
  model_name: string;
  catalog_name: string;
  schema_name: string;
  version: number;
  source?: string;
  run_id?: string;
  status?: "PENDING_REGISTRATION" | "FAILED_REGISTRATION" | "READY";
  comment?: string;
  aliases?: RegisteredModelAlias[];
  created_at?: number;
  storage_location?: string;
}

/** Unity Catalog models under `/api/2.1/unity-catalog/models`; `fullName` is `catalog.schema.model`. */
export interface UnityCatalogModelsApi {
  getRegisteredModel(fullName: string, options?: CallOptions): Promise<UcRegisteredModel>;
  /** Not retried: a repeat would answer RESOURCE_ALREADY_EXISTS. */
  createRegisteredModel(
    model: Pick<UcRegisteredModel, "name" | "catalog_name" | "schema_name" | "comment" | "storage_location">,
    options?: CallOptions,
  ): Promise<UcRegisteredModel>;
  getModelVersion(fullName: string, version: number, options?: CallOptions): Promise<UcModelVersion>;
  listModelVersions(
    fullName: string,
    options?: CallOptions & { maxResults?: number },
  ): AsyncIterable<UcModelVersion>;
  setAlias(
    fullName: string,
    alias: string,
    versionNum: number,
    options?: CallOptions,
  ): Promise<RegisteredModelAlias>;
  deleteAlias(fullName: string, alias: string, options?: CallOptions): Promise<void>;
  getModelVersionByAlias(fullName: string, alias: string, options?: CallOptions): Promise<UcModelVersion>;
}

const base = "/api/2.1/unity-catalog/models";
const seg = encodeURIComponent;

export function createUnityCatalogModelsApi(t: Transport): UnityCatalogModelsApi {
  return {
    getRegisteredModel: (fullName, options) =>
      t.call({
        ...options,
        method: "GET",
        path: `${base}/${seg(fullName)}`,
        query: { include_aliases: true },
      }),
    createRegisteredModel: (model, options) =>
      t.call({ ...options, method: "POST", path: base, body: model }),
    getModelVersion: (fullName, version, options) =>
      t.call({
        ...options,
        method: "GET",
        path: `${base}/${seg(fullName)}/versions/${version}`,
        query: { include_aliases: true },
      }),
    listModelVersions: (fullName, options) =>
      paginate(async (page_token) => {
        const { maxResults, ...call } = options ?? {};
        const res = await t.call<{ model_versions?: UcModelVersion[]; next_page_token?: string }>({
          ...call,
          method: "GET",
          path: `${base}/${seg(fullName)}/versions`,
          query: { max_results: maxResults, page_token },
        });
        return { items: res.model_versions ?? [], nextPageToken: res.next_page_token };
      }),
    setAlias: (fullName, alias, versionNum, options) =>
      t.call({
        ...options,
        method: "PUT",
        path: `${base}/${seg(fullName)}/aliases/${seg(alias)}`,
        idempotent: true,
        body: { full_name: fullName, alias, version_num: versionNum },
      }),
    async deleteAlias(fullName, alias, options) {
      await t.call({
        ...options,
        method: "DELETE",
        path: `${base}/${seg(fullName)}/aliases/${seg(alias)}`,
        idempotent: true,
      });
    },
    getModelVersionByAlias: (fullName, alias, options) =>
      t.call({
        ...options,
        method: "GET",
        path: `${base}/${seg(fullName)}/aliases/${seg(alias)}`,
        query: { include_aliases: true },
      }),
  };
}
