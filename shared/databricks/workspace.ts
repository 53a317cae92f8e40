import type { CallOptions, Transport } from "./http.js";

export type WorkspaceObjectType = "NOTEBOOK" | "DIRECTORY" | "LIBRARY" | "FILE" | "REPO" | "DASHBOARD";
export type WorkspaceLanguage = "PYTHON" | "SQL" | "SCALA" | "R";
export type WorkspaceFormat = "SOURCE" | "HTML" | "JUPYTER" | "DBC" | "R_MARKDOWN" | "RAW" | "AUTO";

/** Workspace `ObjectInfo`. `object_id` is int64, carried as a decimal string. */
export interface ObjectInfo {
  object_type?: WorkspaceObjectType;
  path?: string;
  language?: WorkspaceLanguage;
  object_id?: string;
  created_at?: number;
  modified_at?: number;
  size?: number;
  resource_id?: string;
}

/** `POST /api/2.0/workspace/import` body; `content` is base64. */
export interface ImportRequest {
  path: string;
  content?: string;
  format?: WorkspaceFormat;
  language?: WorkspaceLanguage;
  overwrite?: boolean;
}

/** `GET /api/2.0/workspace/export` answer; `content` is base64. */
export interface ExportResponse {
  content?: string;
  file_type?: string;
}

/** Workspace files and notebooks (bundle upload). */
export interface WorkspaceApi {
  getStatus(path: string, options?: CallOptions): Promise<ObjectInfo>;
  mkdirs(path: string, options?: CallOptions): Promise<void>;
  import(request: ImportRequest, options?: CallOptions): Promise<void>;
  export(path: string, format?: WorkspaceFormat, options?: CallOptions): Promise<ExportResponse>;
  list(path: string, options?: CallOptions): Promise<ObjectInfo[]>;
  /** A retried delete may answer RESOURCE_DOES_NOT_EXIST: the first attempt already removed it. */
  delete(path: string, recursive?: boolean, options?: CallOptions): Promise<void>;
}

const idKeys: ReadonlySet<string> = new Set(["object_id"]);
const base = "/api/2.0/workspace";

export function createWorkspaceApi(transport: Transport): WorkspaceApi {
  return {
    getStatus: (path, options) =>
      transport.call({ ...options, method: "GET", path: `${base}/get-status`, query: { path }, idKeys }),
    async mkdirs(path, options) {
      await transport.call({
        ...options,
        method: "POST",
        path: `${base}/mkdirs`,
        body: { path },
        idempotent: true,
      });
    },
    async import(request, options) {
      // Without overwrite a repeat would fail with RESOURCE_ALREADY_EXISTS, so only overwrite is retried.
      await transport.call({
        ...options,
        method: "POST",
        path: `${base}/import`,
        body: request,
        idempotent: request.overwrite === true,
      });
    },
    export: (path, format, options) =>
      transport.call({
        ...options,
        method: "GET",
        path: `${base}/export`,
        query: { path, format: format ?? "SOURCE" },
      }),
    async list(path, options) {
      const res = await transport.call<{ objects?: ObjectInfo[] }>({
        ...options,
        method: "GET",
        path: `${base}/list`,
        query: { path },
        idKeys,
      });
      return res.objects ?? [];
    },
    async delete(path, recursive, options) {
      await transport.call({
        ...options,
        method: "POST",
        path: `${base}/delete`,
        body: { path, recursive },
        idempotent: true,
      });
    },
  };
}
