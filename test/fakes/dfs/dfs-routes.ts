import { StorageFault, append, checkLease, flush, newPath, type PathState } from "./dfs-state.js";
import type { Reply, RouteContext } from "./dfs-server.js";

const header = (ctx: RouteContext, name: string) => {
  const v = ctx.req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};
const key = (filesystem: string, path: string) => `${filesystem}/${path}`;
const stamp = (p: PathState) => ({ etag: p.etag, "last-modified": p.lastModified.toUTCString() });

const pathNotFound = () => new StorageFault(404, "PathNotFound", "The specified path does not exist.");
const exists = () => new StorageFault(409, "PathAlreadyExists", "The specified path already exists.");

function position(ctx: RouteContext): number {
  const raw = ctx.url.searchParams.get("position");
  if (raw === null || !/^\d+$/.test(raw))
    throw new StorageFault(
      400,
      "InvalidQueryParameterValue",
      "Value for one of the query parameters specified in the request URI is invalid.",
    );
  return Number(raw);
}

/** Path Create with x-ms-rename-source: moves a file over the destination (replacing it) atomically. */
function rename(ctx: RouteContext, source: string): Reply {
  const [fs = "", ...rest] = decodeURIComponent(source.split("?")[0] ?? "")
    .slice(1)
    .split("/");
  const from = key(fs, rest.join("/"));
  const to = key(ctx.filesystem, ctx.path);
  const moved = ctx.files.get(from);
  if (moved === undefined)
    throw new StorageFault(
      404,
      "SourcePathNotFound",
      "The source path for a rename operation does not exist.",
    );
  const target = ctx.files.get(to);
  if (target !== undefined) {
    if (header(ctx, "if-none-match") === "*") throw exists();
    checkLease(target, header(ctx, "x-ms-lease-id"), ctx.now);
  }
  ctx.files.delete(from);
  ctx.files.set(to, moved);
  return { status: 201, headers: stamp(moved) };
}

function create(ctx: RouteContext): Reply {
  const k = key(ctx.filesystem, ctx.path);
  const existing = ctx.files.get(k);
  if (existing !== undefined) {
    if (header(ctx, "if-none-match") === "*") throw exists();
    checkLease(existing, header(ctx, "x-ms-lease-id"), ctx.now);
  }
  const p = newPath();
  const contentType = header(ctx, "x-ms-content-type");
  if (contentType !== undefined) p.contentType = contentType;
  if (existing?.lease !== undefined) p.lease = existing.lease;
  ctx.files.set(k, p);
  return { status: 201, headers: stamp(p) };
}

function update(ctx: RouteContext, action: string | null): Reply {
  const p = ctx.files.get(key(ctx.filesystem, ctx.path));
  if (p === undefined) throw pathNotFound();
  checkLease(p, header(ctx, "x-ms-lease-id"), ctx.now);
  if (action === "append") {
    if (Number(header(ctx, "content-length") ?? -1) !== ctx.body.length)
      throw new StorageFault(
        400,
        "InvalidHeaderValue",
        "The value for one of the HTTP headers is not in the correct format.",
      );
    append(p, position(ctx), ctx.body);
    return { status: 202, headers: { "x-ms-request-server-encrypted": "true" } };
  }
  if (action === "flush") {
    const ifMatch = header(ctx, "if-match");
    if (ifMatch !== undefined && ifMatch !== "*" && ifMatch !== p.etag)
      throw new StorageFault(
        412,
        "ConditionNotMet",
        "The condition specified using HTTP conditional header(s) is not met.",
      );
    flush(p, position(ctx));
    const contentType = header(ctx, "x-ms-content-type");
    if (contentType !== undefined) p.contentType = contentType;
    return { status: 200, headers: stamp(p) };
  }
  throw new StorageFault(400, "InvalidQueryParameterValue", `The fake does not implement action=${action}.`);
}

/** The DFS endpoint's Path Create and Path Update. */
export function handleDfs(ctx: RouteContext): Reply {
  if (ctx.path === "") throw new StorageFault(400, "InvalidUri", "The fake serves paths only.");
  if (ctx.req.method === "PUT") {
    const source = header(ctx, "x-ms-rename-source");
    if (source !== undefined) return rename(ctx, source);
    if (ctx.url.searchParams.get("resource") === "file") return create(ctx);
  }
  if (ctx.req.method === "PATCH") return update(ctx, ctx.url.searchParams.get("action"));
  throw new StorageFault(
    400,
    "UnsupportedHttpVerb",
    `The fake does not implement ${ctx.req.method} ${ctx.url.search}.`,
  );
}
