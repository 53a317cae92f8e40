import { isMap, map, scalar, str, type DMap, type DValue } from "./dyn.js";

/** The identity the bundle is deployed as (from SCIM /Me; passed in, never fetched here). */
export interface CurrentUser {
  readonly userName: string;
  readonly id: string;
  readonly displayName?: string;
  readonly isServicePrincipal?: boolean;
}

/**
 * Short name used in `[dev <short>]` prefixes (libs/iamutil/user.go, libs/textutil): local part of the
 * e-mail (display name for service principals), lower-cased, non-alphanumerics collapsed to `_`.
 */
export function shortName(user: CurrentUser): string {
  const base = user.isServicePrincipal === true ? (user.displayName ?? user.userName) : (user.userName.split("@")[0] ?? "");
  return base.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "_").replace(/^_+|_+$/g, "");
}

/** Adds current_user and the root/file/resource/artifact/state path defaults (default_workspace_*.go). */
export function defineWorkspace(config: DMap, user: CurrentUser): DMap {
  const ws = new Map(isMap(config.entries.get("workspace")) ? (config.entries.get("workspace") as DMap).entries : []);
  const short = shortName(user);
  ws.set("current_user", map([
    ["domain_friendly_name", scalar(short)],
    ["id", scalar(user.id)],
    ["short_name", scalar(short)],
    ["userName", scalar(user.userName)],
  ]));
  const bundle = config.entries.get("bundle");
  const name = str(isMap(bundle) ? bundle.entries.get("name") : undefined) ?? "";
  const target = str(isMap(bundle) ? bundle.entries.get("target") : undefined) ?? "default";
  const rootVal = ws.get("root_path");
  let root = str(rootVal) ?? `~/.bundle/${name}/${target}`;
  if (root.startsWith("~/")) root = `/Workspace/Users/${user.userName}/${root.slice(2)}`;
  ws.set("root_path", scalar(root, rootVal?.loc));
  for (const [key, sub] of [["file_path", "files"], ["resource_path", "resources"], ["artifact_path", "artifacts"], ["state_path", "state"]] as const) {
    if (str(ws.get(key)) === undefined) ws.set(key, scalar(`${root}/${sub}`));
  }
  for (const key of ["root_path", "file_path", "resource_path", "artifact_path", "state_path"]) {
    const v = ws.get(key);
    const s = str(v);
    if (s !== undefined && v !== undefined) ws.set(key, scalar(prefixWorkspace(s), v.loc));
  }
  const entries = new Map(config.entries);
  entries.set("workspace", map(ws, config.entries.get("workspace")?.loc));
  return map(entries, config.loc);
}

/**
 * `/Users/...` becomes `/Workspace/Users/...` (prepend_workspace_prefix.go). Values still holding a
 * `${...}` reference are left alone, as the CLI does (the prefix step runs before interpolation).
 */
export function prefixWorkspace(path: string): string {
  if (!path.startsWith("/") || path.startsWith("/Workspace/") || path === "/Workspace" || path.startsWith("/Volumes/")) return path;
  return `/Workspace${path}`;
}

export function workspacePath(config: DMap, key: string): string | undefined {
  const ws: DValue | undefined = config.entries.get("workspace");
  return str(isMap(ws) ? ws.entries.get(key) : undefined);
}
