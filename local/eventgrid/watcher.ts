import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { BlobItem, BlobServiceClient, ContainerClient } from "@azure/storage-blob";
import type { BlobChange } from "./events.js";

/**
 * Azurite has no change feed and emits no events, so the emulator polls the blob listings and reports
 * each blob version (eTag) it has not reported yet: a new blob, or an overwritten one. What it has
 * reported survives restarts in a small JSON file, so `npm start` twice does not replay the lake.
 */
export interface SeenStore {
  get(key: string): string | undefined;
  set(key: string, eTag: string): void;
  keys(): string[];
  delete(key: string): void;
  /** Whether this store had earlier state (a restart) rather than starting empty. */
  readonly restored: boolean;
  save(): void;
}

export function fileSeenStore(file: string | undefined): SeenStore {
  const restored = file !== undefined && existsSync(file);
  const map = new Map<string, string>(
    restored ? Object.entries(JSON.parse(readFileSync(file, "utf8")) as Record<string, string>) : [],
  );
  let dirty = false;
  return {
    restored,
    get: (k) => map.get(k),
    set: (k, v) => void (map.set(k, v), (dirty = true)),
    delete: (k) => void (map.delete(k) && (dirty = true)),
    keys: () => [...map.keys()],
    save() {
      if (!dirty || file === undefined) return;
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(`${file}.tmp`, JSON.stringify(Object.fromEntries(map)));
      renameSync(`${file}.tmp`, file);
      dirty = false;
    },
  };
}

const unquote = (eTag: string): string => eTag.replace(/^"|"$/g, "");

/** Which write API produced this version, as far as the listing and the block list can tell. */
async function writeApi(container: ContainerClient, item: BlobItem): Promise<BlobChange["api"] | "pending"> {
  const p = item.properties;
  // Copy properties disappear when a copied blob is overwritten, so their presence means the copy made it.
  if (p.copyId !== undefined) return p.copyStatus === "success" ? "CopyBlob" : "pending";
  if (p.blobType !== "BlockBlob") return "PutBlob";
  const blocks = await container.getBlockBlobClient(item.name).getBlockList("committed");
  return (blocks.committedBlocks?.length ?? 0) > 0 ? "PutBlockList" : "PutBlob";
}

/** Markers such as `_SUCCESS` are written last; within one listing second they sort last too. */
const isMarkerName = (name: string): boolean => (name.split("/").pop() ?? "").startsWith("_");

export interface ScanOptions {
  readonly service: BlobServiceClient;
  readonly account: string;
  readonly containers: readonly string[];
  readonly seen: SeenStore;
  readonly sequencer: () => string;
}

/** Lists every watched container once and returns the changes, oldest first; records them as seen. */
export async function scanChanges(options: ScanOptions, report = true): Promise<BlobChange[]> {
  const found: { item: BlobItem; container: string }[] = [];
  const listed = new Set<string>();
  for (const name of options.containers) {
    const container = options.service.getContainerClient(name);
    try {
      for await (const item of container.listBlobsFlat({ includeCopy: true })) {
        listed.add(`${name}/${item.name}`);
        if (options.seen.get(`${name}/${item.name}`) === unquote(item.properties.etag ?? "")) continue;
        // Appending or writing pages is not BlobCreated in Event Grid: only the blob's creation is.
        if (
          item.properties.blobType !== "BlockBlob" &&
          options.seen.get(`${name}/${item.name}`) !== undefined
        )
          continue;
        found.push({ item, container: name });
      }
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
    for (const key of options.seen.keys())
      if (key.startsWith(`${name}/`) && !listed.has(key)) options.seen.delete(key);
  }
  found.sort(
    (a, b) =>
      (a.item.properties.lastModified?.getTime() ?? 0) - (b.item.properties.lastModified?.getTime() ?? 0) ||
      Number(isMarkerName(a.item.name)) - Number(isMarkerName(b.item.name)) ||
      (a.item.name < b.item.name ? -1 : 1),
  );
  const changes: BlobChange[] = [];
  for (const { item, container } of found) {
    const client = options.service.getContainerClient(container);
    const api = await writeApi(client, item);
    if (api === "pending") continue;
    const eTag = unquote(item.properties.etag ?? "");
    options.seen.set(`${container}/${item.name}`, eTag);
    if (!report) continue;
    changes.push({
      account: options.account,
      container,
      name: item.name,
      eTag,
      contentLength: item.properties.contentLength ?? 0,
      contentType: item.properties.contentType ?? "application/octet-stream",
      blobType: item.properties.blobType ?? "BlockBlob",
      api,
      url: client.getBlobClient(item.name).url,
      sequencer: options.sequencer(),
      time: new Date().toISOString(),
    });
  }
  options.seen.save();
  return changes;
}
