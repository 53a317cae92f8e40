import { randomUUID } from "node:crypto";

/** A storage error as the service reports it: status, x-ms-error-code and message. */
export class StorageFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface PathState {
  data: Buffer;
  /** Appended but not yet flushed, by position (a later append at the same position replaces it). */
  pending: Map<number, Buffer>;
  etag: string;
  lastModified: Date;
  contentType: string;
  lease?: { id: string; expiresAt: number };
}

const newEtag = () => `"0x${randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase()}"`;

export function newPath(): PathState {
  return {
    data: Buffer.alloc(0),
    pending: new Map(),
    etag: newEtag(),
    lastModified: new Date(),
    contentType: "application/octet-stream",
  };
}

export function touch(p: PathState): void {
  p.etag = newEtag();
  p.lastModified = new Date();
}

export function activeLease(p: PathState, now: number): string | undefined {
  return p.lease !== undefined && p.lease.expiresAt > now ? p.lease.id : undefined;
}

/** Writes to a leased path need its lease id (Path Update/Create, Blob lease rules). */
export function checkLease(p: PathState, leaseId: string | undefined, now: number): void {
  const held = activeLease(p, now);
  if (held === undefined) {
    if (leaseId !== undefined)
      throw new StorageFault(412, "LeaseNotPresent", "There is currently no lease on the resource.");
    return;
  }
  if (leaseId === undefined)
    throw new StorageFault(
      412,
      "LeaseIdMissing",
      "There is currently a lease on the resource and no lease ID was specified in the request.",
    );
  if (leaseId !== held)
    throw new StorageFault(
      412,
      "LeaseIdMismatchWithBlobOperation",
      "The lease ID specified did not match the lease ID for the resource.",
    );
}

const NOT_CONTIGUOUS =
  "The uploaded data is not contiguous or the position query parameter value is not equal to the length of the file after appending the uploaded data.";

export function append(p: PathState, position: number, body: Buffer): void {
  if (position < p.data.length) throw new StorageFault(400, "InvalidFlushPosition", NOT_CONTIGUOUS);
  p.pending.set(position, body);
}

/** Commits the pending data from the current length up to `position`, which must be contiguous. */
export function flush(p: PathState, position: number): void {
  const parts = [p.data];
  let at = p.data.length;
  while (at < position) {
    const next = p.pending.get(at);
    if (next === undefined || next.length === 0) break;
    parts.push(next);
    at += next.length;
  }
  if (at !== position) throw new StorageFault(400, "InvalidFlushPosition", NOT_CONTIGUOUS);
  p.data = Buffer.concat(parts);
  p.pending.clear(); // retainUncommittedData=false, the default
  touch(p);
}
