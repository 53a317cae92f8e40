import { randomUUID } from "node:crypto";
import { StorageFault, activeLease, checkLease, type PathState } from "./dfs-state.js";
import type { Reply, RouteContext } from "./dfs-server.js";

const header = (ctx: RouteContext, name: string) => {
  const v = ctx.req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

function properties(p: PathState, now: number): Record<string, string> {
  const leased = activeLease(p, now) !== undefined;
  return {
    etag: p.etag,
    "last-modified": p.lastModified.toUTCString(),
    "content-type": p.contentType,
    "x-ms-blob-type": "BlockBlob",
    "x-ms-resource-type": "file",
    "x-ms-lease-state": leased ? "leased" : "available",
    "x-ms-lease-status": leased ? "locked" : "unlocked",
  };
}

/** Lease Blob: acquire (or re-acquire with the same id), renew, release. */
function lease(ctx: RouteContext, p: PathState): Reply {
  const action = header(ctx, "x-ms-lease-action");
  const held = activeLease(p, ctx.now);
  const given = header(ctx, "x-ms-lease-id");
  if (action === "acquire") {
    const duration = Number(header(ctx, "x-ms-lease-duration"));
    if (!(duration === -1 || (duration >= 15 && duration <= 60)))
      throw new StorageFault(
        400,
        "InvalidHeaderValue",
        "The value for one of the HTTP headers is not in the correct format.",
      );
    const id = header(ctx, "x-ms-proposed-lease-id") ?? randomUUID();
    if (held !== undefined && held !== id)
      throw new StorageFault(409, "LeaseAlreadyPresent", "There is already a lease present.");
    p.lease = { id, expiresAt: duration === -1 ? Infinity : ctx.now + duration * 1000 };
    return { status: 201, headers: { "x-ms-lease-id": id, etag: p.etag } };
  }
  if (action === "release" || action === "renew") {
    if (held === undefined || held !== given)
      throw new StorageFault(
        409,
        "LeaseIdMismatchWithLeaseOperation",
        "The lease ID specified did not match the lease ID for the blob.",
      );
    if (action === "release") delete p.lease;
    else if (p.lease) p.lease.expiresAt = ctx.now + 15_000;
    return { status: 200, headers: { "x-ms-lease-id": held, etag: p.etag } };
  }
  throw new StorageFault(400, "InvalidHeaderValue", `The fake does not implement lease action ${action}.`);
}

/** The Blob endpoint calls the DataLake SDK makes for reads and leases: Get Blob, Get Blob Properties, Lease Blob. */
export function handleBlob(ctx: RouteContext): Reply {
  const p = ctx.files.get(`${ctx.filesystem}/${ctx.path}`);
  if (p === undefined) throw new StorageFault(404, "BlobNotFound", "The specified blob does not exist.");
  if (ctx.req.method === "PUT" && ctx.url.searchParams.get("comp") === "lease") return lease(ctx, p);
  const given = header(ctx, "x-ms-lease-id");
  if (given !== undefined) checkLease(p, given, ctx.now);
  if (ctx.req.method === "HEAD")
    return { status: 200, headers: { ...properties(p, ctx.now), "content-length": String(p.data.length) } };
  if (ctx.req.method === "GET") {
    const range = /^bytes=(\d+)-(\d*)$/.exec(header(ctx, "x-ms-range") ?? header(ctx, "range") ?? "");
    if (range === null) return { status: 200, headers: properties(p, ctx.now), body: p.data };
    const start = Number(range[1]);
    const end = range[2] === "" ? p.data.length - 1 : Math.min(Number(range[2]), p.data.length - 1);
    const body = p.data.subarray(start, end + 1);
    const contentRange = `bytes ${start}-${end}/${p.data.length}`;
    return { status: 206, headers: { ...properties(p, ctx.now), "content-range": contentRange }, body };
  }
  throw new StorageFault(400, "UnsupportedHttpVerb", `The fake does not implement ${ctx.req.method}.`);
}
