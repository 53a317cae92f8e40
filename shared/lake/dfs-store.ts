import { randomUUID } from "node:crypto";
import type { DataLakeFileClient, DataLakeServiceClient } from "@azure/storage-file-datalake";
import type { Lake, LakeFiles } from "./store.js";

const statusOf = (err: unknown): number | undefined =>
  typeof err === "object" && err !== null && "statusCode" in err && typeof err.statusCode === "number"
    ? err.statusCode
    : undefined;

const codeOf = (err: unknown): string =>
  typeof err === "object" && err !== null && "code" in err && typeof err.code === "string" ? err.code : "";

/** Where write() stages content before renaming it into place: outside every data partition folder. */
export const STAGING_FOLDER = "_orchestrator/.staging";

export interface DfsAppendOptions {
  /** Lease length while one appender writes; a crashed holder blocks others for at most this long. */
  readonly leaseSeconds?: number;
  /** How long an appender keeps trying to get the lease before giving up with the last error. */
  readonly maxWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

async function readText(file: DataLakeFileClient): Promise<string | null> {
  try {
    const res = await file.read();
    const chunks: Buffer[] = [];
    for await (const chunk of res.readableStreamBody ?? [])
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return Buffer.concat(chunks).toString("utf8");
  } catch (err) {
    // Only a missing file reads as null; a missing filesystem (ContainerNotFound) is a setup error.
    if (statusOf(err) === 404 && !/ContainerNotFound|FilesystemNotFound/.test(codeOf(err))) return null;
    throw err;
  }
}

/**
 * Appends under an exclusive lease: DFS appends carry a position but no condition, so two writers that
 * read the same length would stage data at the same offset and one flush would commit the other's bytes
 * (or fail with InvalidFlushPosition). Holding the lease, the length read is the length written at, and
 * flush commits exactly our bytes. A busy lease (409 LeaseAlreadyPresent) is retried with jitter.
 */
async function appendLeased(file: DataLakeFileClient, text: string, o: Required<DfsAppendOptions>) {
  // If-None-Match: * — creates the file when missing and never truncates one that exists.
  await file.create({ conditions: { ifNoneMatch: "*" } }).catch((err: unknown) => {
    if (statusOf(err) !== 409) throw err;
  });
  const bytes = Buffer.from(text, "utf8");
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    const lease = file.getDataLakeLeaseClient();
    try {
      await lease.acquireLease(o.leaseSeconds);
    } catch (err) {
      if (statusOf(err) !== 409 || Date.now() - started > o.maxWaitMs) throw err;
      await o.sleep(Math.min(1000, 20 * 2 ** Math.min(attempt, 6)) * (0.5 + Math.random()));
      continue;
    }
    const conditions = { leaseId: lease.leaseId };
    try {
      const length = (await file.getProperties({ conditions })).contentLength ?? 0;
      await file.append(bytes, length, bytes.byteLength, { conditions });
      await file.flush(length + bytes.byteLength, { conditions, close: true });
      return;
    } finally {
      await lease.releaseLease().catch(() => undefined); // expiry frees it anyway
    }
  }
}

/**
 * {@link LakeFiles} over the DFS API of one filesystem (ADLS Gen2 with hierarchical namespace).
 * write() stages the content in {@link STAGING_FOLDER} and renames it over the target: a DFS rename is
 * atomic, so readers see the old or the new file, never a truncated one (a create-then-append in place
 * would show an empty file in between). A crash before the rename leaves only a staging file behind.
 */
export function dfsLakeFiles(
  service: DataLakeServiceClient,
  filesystem: string,
  options: DfsAppendOptions = {},
): LakeFiles {
  const fs = service.getFileSystemClient(filesystem);
  const appendOptions: Required<DfsAppendOptions> = {
    leaseSeconds: options.leaseSeconds ?? 15,
    maxWaitMs: options.maxWaitMs ?? 60_000,
    sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
  };
  return {
    read: (path) => readText(fs.getFileClient(path)),
    async write(path, text, contentType = "application/json") {
      const staging = fs.getFileClient(`${STAGING_FOLDER}/${randomUUID()}`);
      const bytes = Buffer.from(text, "utf8");
      await staging.create();
      if (bytes.byteLength > 0) await staging.append(bytes, 0, bytes.byteLength);
      await staging.flush(bytes.byteLength, { close: true, pathHttpHeaders: { contentType } });
      await staging.move(path);
    },
    append: (path, text) => appendLeased(fs.getFileClient(path), text, appendOptions),
  };
}

/** The DFS endpoint of an account in Azure's public cloud. */
export const dfsEndpoint = (account: string) => `https://${account}.dfs.core.windows.net`;

/** A {@link Lake} reaching each account's DFS endpoint through the client `serviceFor` builds (Entra ID). */
export function dfsLake(
  serviceFor: (account: string) => DataLakeServiceClient,
  options: DfsAppendOptions = {},
): Lake {
  const services = new Map<string, DataLakeServiceClient>();
  return {
    at(location) {
      let service = services.get(location.account);
      if (service === undefined) services.set(location.account, (service = serviceFor(location.account)));
      return dfsLakeFiles(service, location.filesystem, options);
    },
  };
}
