import { readdirSync, statSync } from "node:fs";
import { basename, extname, join, relative, sep } from "node:path";
import { BlobServiceClient } from "@azure/storage-blob";
import { lakePathProblem } from "../../shared/lake/lake-path.js";

/**
 * `npm run land`: what a data producer does — upload a file or a folder's files into a lake partition and
 * then, only after every upload finished, write the marker (`_SUCCESS`) that closes the partition
 * (bundles/churn/orchestrator.yml). Against Azurite, so through the Blob API (ADR 0012).
 */

export interface LakeLocation {
  readonly container: string;
  /** Folder inside the container, no leading or trailing slash ("" for the root). */
  readonly prefix: string;
}

/** `landing/churn/customers/date=2026-11-25` or `abfss://landing@<account>.dfs.core.windows.net/churn/...`. */
export function parseLakePath(text: string, account: string): LakeLocation {
  let container: string;
  let rest: string;
  const abfss = /^abfss?:\/\/([^@/]+)@([^./]+)\.dfs\.core\.windows\.net\/?(.*)$/.exec(text);
  if (abfss) {
    if (abfss[2] !== account)
      throw new Error(`${text} names account ${abfss[2]}, but the local lake is ${account}`);
    [container, rest] = [abfss[1]!, abfss[3]!];
  } else {
    const trimmed = text.replace(/^\/+/, "");
    const slash = trimmed.indexOf("/");
    [container, rest] = slash < 0 ? [trimmed, ""] : [trimmed.slice(0, slash), trimmed.slice(slash + 1)];
  }
  if (!/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(container)) {
    throw new Error(`"${container}" is not a container (filesystem) name; expected <filesystem>/<path>`);
  }
  const prefix = rest.replace(/\/+$/, "");
  const problem = prefix === "" ? undefined : lakePathProblem(prefix);
  if (problem !== undefined) throw new Error(`lake path ${prefix}: ${problem}`);
  return { container, prefix };
}

export interface LandFile {
  /** Absolute path on disk. */
  readonly source: string;
  /** Blob name inside the container. */
  readonly blob: string;
}

/** The files to upload: one file, or every file under a folder (dotfiles and the marker itself skipped). */
export function planUploads(source: string, location: LakeLocation, marker: string | undefined): LandFile[] {
  const under = (name: string): string => (location.prefix === "" ? name : `${location.prefix}/${name}`);
  if (!statSync(source).isDirectory()) return [{ source, blob: under(basename(source)) }];
  const files: LandFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      if (entry.startsWith(".")) continue;
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry !== marker || dir !== source)
        files.push({ source: full, blob: under(relative(source, full).split(sep).join("/")) });
    }
  };
  walk(source);
  for (const f of files) {
    const problem = lakePathProblem(f.blob);
    if (problem !== undefined) throw new Error(`${f.source} cannot land as ${f.blob}: ${problem}`);
  }
  return files;
}

const contentTypes: Record<string, string> = {
  ".csv": "text/csv",
  ".json": "application/json",
  ".parquet": "application/vnd.apache.parquet",
  ".txt": "text/plain",
};

export type LandStep = { kind: "file" | "marker"; blob: string; bytes: number };

export interface LandOptions {
  readonly connectionString: string;
  readonly source: string;
  readonly location: LakeLocation;
  /** File name of the marker, or undefined for none. */
  readonly marker: string | undefined;
  /** Awaited after each data file and just before the marker is written. */
  readonly onStep?: (step: LandStep) => void | Promise<void>;
  readonly parallel?: number;
}

export async function land(options: LandOptions): Promise<{ files: LandFile[]; marker?: string }> {
  const service = BlobServiceClient.fromConnectionString(options.connectionString);
  const container = service.getContainerClient(options.location.container);
  await container.createIfNotExists();
  const files = planUploads(options.source, options.location, options.marker);
  if (files.length === 0) throw new Error(`${options.source} holds no files to land`);
  const queue = [...files];
  const worker = async (): Promise<void> => {
    for (let f = queue.shift(); f !== undefined; f = queue.shift()) {
      const type = contentTypes[extname(f.source).toLowerCase()] ?? "application/octet-stream";
      await container
        .getBlockBlobClient(f.blob)
        .uploadFile(f.source, { blobHTTPHeaders: { blobContentType: type } });
      await options.onStep?.({ kind: "file", blob: f.blob, bytes: statSync(f.source).size });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel ?? 4, files.length) }, worker));
  if (options.marker === undefined) return { files };
  // Only now, with every data file committed, does the partition get closed.
  const marker =
    options.location.prefix === "" ? options.marker : `${options.location.prefix}/${options.marker}`;
  await options.onStep?.({ kind: "marker", blob: marker, bytes: 0 });
  await container.getBlockBlobClient(marker).upload("", 0);
  return { files, marker };
}
