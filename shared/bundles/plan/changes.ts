import type { Plain } from "../dyn.js";
import { diff, same } from "./diff.js";
import { readPath } from "./field-pattern.js";
import { judgeField, remoteIgnored } from "./rules.js";
import type { ActionType, ChangeDesc } from "./types.js";

/**
 * A deployed resource's field changes (bundle/direct/bundle_plan.go prepareChanges and
 * addPerFieldActions): the saved state against the desired value, and — when the remote object was
 * read — the remote against the desired value. A remote-only difference takes its `old` from the
 * saved state; a field the remote already holds is skipped (`remote_already_set`), one empty
 * everywhere too (`empty`); the rest follow the type's rules (rules.ts: ignored local or remote
 * changes, backend defaults, recreate fields).
 */
export function planChanges(
  type: string,
  saved: Plain,
  value: Plain,
  remote: Plain | undefined,
): { changes: Record<string, ChangeDesc>; action: ActionType } {
  const found = new Map<
    string,
    { old: Plain | undefined; new: Plain | undefined; remote: Plain | undefined }
  >();
  for (const c of diff(saved, value))
    found.set(c.path, {
      old: c.old,
      new: c.new,
      remote: remote === undefined ? undefined : readPath(remote, c.path),
    });
  if (remote !== undefined) {
    for (const c of diff(remote, value)) {
      const local = found.get(c.path);
      if (local !== undefined) found.set(c.path, { ...local, remote: c.old });
      else found.set(c.path, { old: readPath(saved, c.path), new: c.new, remote: c.old });
    }
  }
  const changes: Record<string, ChangeDesc> = {};
  let action: ActionType = "skip";
  for (const [path, c] of [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    // A remote value the type's rules call meaningless never counts as "already set" (upstream).
    const verdict =
      remote !== undefined && same(c.remote, c.new) && !remoteIgnored(type, path)
        ? { action: "skip" as const, reason: "remote_already_set" }
        : remote !== undefined && [c.old, c.new, c.remote].every(empty)
          ? { action: "skip" as const, reason: "empty" }
          : judgeField(type, path, c);
    changes[path] = {
      action: verdict.action,
      ...(verdict.action === "skip" ? { reason: verdict.reason } : {}),
      ...(c.old === undefined ? {} : { old: c.old }),
      ...(c.new === undefined ? {} : { new: c.new }),
      ...(c.remote === undefined ? {} : { remote: c.remote }),
    };
    if (verdict.action === "recreate") action = "recreate";
    else if (verdict.action === "update" && action === "skip") action = "update";
  }
  return { changes, action };
}

/** Go's zero values: nothing, "", 0, false, an empty list or map. */
function empty(v: Plain | undefined): boolean {
  if (v === undefined || v === null || v === "" || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === "object" && Object.keys(v).length === 0;
}
