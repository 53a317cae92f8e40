import type { DatabricksClient } from "../../databricks/index.js";
import { isNotFound } from "../../databricks/index.js";

/** The workspace operations deploy needs, on top of the client (parent folders made on demand). */
export interface RemoteFs {
  /** Writes bytes; creates missing parent folders like the CLI's filer (mkdirs on 404, then again). */
  write(path: string, content: Uint8Array | string, overwrite: boolean): Promise<void>;
  /** The file's text, or undefined when it does not exist. */
  readText(path: string): Promise<string | undefined>;
  mkdirs(path: string): Promise<void>;
  /** Deleting what is already gone is not an error. */
  delete(path: string, recursive: boolean): Promise<void>;
}

const parentOf = (p: string): string => p.slice(0, p.lastIndexOf("/")) || "/";

export function remoteFs(client: Pick<DatabricksClient, "workspace" | "workspaceFiles">): RemoteFs {
  return {
    async write(path, content, overwrite) {
      const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
      try {
        await client.workspaceFiles.importFile(path, bytes, overwrite);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        await client.workspace.mkdirs(parentOf(path));
        await client.workspaceFiles.importFile(path, bytes, overwrite);
      }
    },
    async readText(path) {
      try {
        return await client.workspaceFiles.downloadText(path);
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    mkdirs: (path) => client.workspace.mkdirs(path),
    async delete(path, recursive) {
      try {
        await client.workspace.delete(path, recursive);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    },
  };
}
