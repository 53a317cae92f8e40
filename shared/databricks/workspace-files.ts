import type { CallOptions, Transport } from "./http.js";

/**
 * Workspace files as the Databricks CLI moves them for bundles: raw bytes to
 * `workspace-files/import-file/{path}` (no base64, no 10 MB JSON body limit) and raw downloads.
 */
export interface WorkspaceFilesApi {
  /**
   * Writes a file (a `.py`/`.sql`/… with a notebook header becomes a notebook without extension).
   * Retried only with `overwrite`: without it a repeat answers RESOURCE_ALREADY_EXISTS.
   */
  importFile(path: string, content: Uint8Array, overwrite: boolean, options?: CallOptions): Promise<void>;
  /** The file's content as text (`workspace/export?direct_download=true`). */
  downloadText(path: string, options?: CallOptions): Promise<string>;
}

/** `/Workspace/Users/a b/x` → `Workspace/Users/a%20b/x`: segments escaped, separators kept. */
export function importFilePath(path: string): string {
  return path.replace(/^\/+/, "").split("/").map(encodeURIComponent).join("/");
}

export function createWorkspaceFilesApi(transport: Transport): WorkspaceFilesApi {
  return {
    async importFile(path, content, overwrite, options) {
      await transport.call({
        ...options,
        method: "POST",
        path: `/api/2.0/workspace-files/import-file/${importFilePath(path)}`,
        query: { overwrite },
        rawBody: content,
        idempotent: overwrite,
      });
    },
    downloadText: (path, options) =>
      transport.call<string>({
        ...options,
        method: "GET",
        path: "/api/2.0/workspace/export",
        query: { path, direct_download: true },
        textResponse: true,
      }),
  };
}
