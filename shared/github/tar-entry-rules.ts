import { posix } from "node:path";

/** Why an archive entry is refused; the whole extraction stops at the first one. */
export type EntryProblem =
  | "absolute_path"
  | "parent_segment"
  | "bad_characters"
  | "outside_prefix"
  | "link_escapes_root"
  | "through_link"
  | "hard_link"
  | "special_file"
  | "duplicate";

/** What an entry becomes on disk, after the archive's top folder is stripped. */
export type EntryPlan =
  | { readonly kind: "skip" }
  | { readonly kind: "dir"; readonly path: string }
  | { readonly kind: "file"; readonly path: string; readonly mode: number }
  | { readonly kind: "symlink"; readonly path: string; readonly target: string }
  | { readonly kind: "reject"; readonly problem: EntryProblem; readonly path: string };

export interface RawEntry {
  readonly path: string;
  readonly type: string;
  readonly linkpath?: string | undefined;
  readonly mode?: number | undefined;
}

// NUL, other control characters and backslashes (a separator on Windows) never appear in git paths we accept.
const BAD_CHARS = /[\p{Cc}\\]/u;

function relativeProblem(path: string): EntryProblem | undefined {
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "absolute_path";
  if (BAD_CHARS.test(path)) return "bad_characters";
  if (path.split("/").includes("..")) return "parent_segment";
  return undefined;
}

/**
 * Decides what one entry of a GitHub tarball may become. GitHub's tarballs hold one top folder
 * (`owner-repo-sha/`), stripped like `tar --strip-components=1`; everything must sit under it. Only
 * plain files, folders and symlinks that resolve inside the root are allowed. `links` holds the symlinks
 * written so far, so nothing is written through one (a link to an inside folder is still a link).
 */
export function planEntry(
  entry: RawEntry,
  prefix: string,
  links: ReadonlySet<string>,
  seen: ReadonlySet<string>,
): EntryPlan {
  if (entry.type === "GlobalExtendedHeader" || entry.type === "ExtendedHeader") return { kind: "skip" };
  const raw = entry.path.replace(/\/+$/, "");
  const problem = relativeProblem(raw);
  if (problem) return { kind: "reject", problem, path: raw };
  if (raw === prefix && entry.type === "Directory") return { kind: "skip" };
  if (!raw.startsWith(`${prefix}/`)) return { kind: "reject", problem: "outside_prefix", path: raw };
  const path = posix.normalize(raw.slice(prefix.length + 1));
  if (path === "." || path === "") return { kind: "skip" };
  const parts = path.split("/");
  if (parts.some((_, i) => links.has(parts.slice(0, i + 1).join("/"))))
    return { kind: "reject", problem: "through_link", path };
  if (seen.has(path)) return { kind: "reject", problem: "duplicate", path };
  switch (entry.type) {
    case "Directory":
      return { kind: "dir", path };
    case "File":
    case "OldFile":
    case "ContiguousFile":
      // Keep only the owner-execute bit's meaning: files are 0644 or 0755, never setuid or world-writable.
      return { kind: "file", path, mode: ((entry.mode ?? 0o644) & 0o100) !== 0 ? 0o755 : 0o644 };
    case "SymbolicLink":
      return symlinkPlan(path, entry.linkpath ?? "");
    case "Link":
      return { kind: "reject", problem: "hard_link", path };
    default:
      return { kind: "reject", problem: "special_file", path };
  }
}

function symlinkPlan(path: string, target: string): EntryPlan {
  if (target === "" || target.startsWith("/") || BAD_CHARS.test(target))
    return { kind: "reject", problem: "link_escapes_root", path };
  const resolved = posix.normalize(posix.join(posix.dirname(path), target));
  if (resolved === ".." || resolved.startsWith("../"))
    return { kind: "reject", problem: "link_escapes_root", path };
  return { kind: "symlink", path, target };
}

/** The archive's top folder, from its first real entry. */
export function topFolderOf(path: string): string | undefined {
  const top = path.split("/")[0];
  return top === undefined || top === "" || top === "." || top === ".." ? undefined : top;
}
