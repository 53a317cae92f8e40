import type { Plain } from "../dyn.js";
import { same } from "./diff.js";
import { underPattern } from "./field-pattern.js";
import {
  JOB_BACKEND_DEFAULTS,
  JOB_IGNORE_LOCAL,
  JOB_IGNORE_REMOTE,
  type BackendDefault,
} from "./job-rules.js";

/**
 * Per-type planning rules of the direct engine for our resource types, from databricks/cli
 * bundle/direct/dresources/resources.yml (`recreate_on_changes`, `provided_id_fields`,
 * `ignore_local_changes`, `ignore_remote_changes`, `backend_defaults`). A change under a recreate
 * field replaces the resource.
 */
interface FieldRule {
  readonly field: string;
  readonly reason: string;
}
interface TypeRules {
  readonly recreate: readonly string[];
  readonly ignoreLocal: readonly FieldRule[];
  readonly ignoreRemote: readonly FieldRule[];
  readonly backendDefaults: readonly BackendDefault[];
}

// Tag changes are shown but not applied, like Terraform (tags need separate API calls).
const TAGS: readonly FieldRule[] = [{ field: "tags", reason: "terraform_compat" }];
const NONE = { ignoreRemote: [], backendDefaults: [] };

const RULES: Record<string, TypeRules> = {
  jobs: {
    recreate: [],
    ignoreLocal: JOB_IGNORE_LOCAL,
    ignoreRemote: JOB_IGNORE_REMOTE,
    backendDefaults: JOB_BACKEND_DEFAULTS,
  },
  experiments: { ...NONE, recreate: ["artifact_location"], ignoreLocal: TAGS, ignoreRemote: TAGS },
  models: { ...NONE, recreate: ["name"], ignoreLocal: TAGS, ignoreRemote: TAGS },
  registered_models: { ...NONE, recreate: ["name", "catalog_name", "schema_name"], ignoreLocal: [] },
};

const match = (path: string, rules: readonly FieldRule[]): FieldRule | undefined =>
  rules.find((r) => underPattern(path, r.field));

export type FieldVerdict = { action: "update" | "recreate" } | { action: "skip"; reason: string };

/** One field's values: `old` from the saved state, `new` from config, `remote` when it was read. */
export interface FieldValues {
  readonly old: Plain | undefined;
  readonly new: Plain | undefined;
  readonly remote: Plain | undefined;
}

/** Whether the type's rules say the remote value at `path` is not meaningful (never "already set"). */
export function remoteIgnored(type: string, path: string): boolean {
  return match(path, RULES[type]?.ignoreRemote ?? []) !== undefined;
}

/**
 * The rule-based part of the CLI's per-field ladder (bundle_plan.go addPerFieldActions, after the
 * `remote_already_set` and `empty` checks): an ignored local change, an ignored remote-only change,
 * a remote value the backend defaults, a recreate field, else an update.
 */
export function judgeField(type: string, path: string, v: FieldValues): FieldVerdict {
  const rules = RULES[type];
  if (rules === undefined) return { action: "update" };
  const localChange = !same(v.old, v.new);
  const local = match(path, rules.ignoreLocal);
  if (local !== undefined && localChange) return { action: "skip", reason: local.reason };
  const remote = match(path, rules.ignoreRemote);
  if (remote !== undefined && !localChange) return { action: "skip", reason: remote.reason };
  if (isBackendDefault(rules.backendDefaults, path, v)) return { action: "skip", reason: "backend_default" };
  return rules.recreate.some((f) => underPattern(path, f)) ? { action: "recreate" } : { action: "update" };
}

/** Config silent (old and new unset) and the remote holds a value the backend sets itself. */
function isBackendDefault(defaults: readonly BackendDefault[], path: string, v: FieldValues): boolean {
  if (!unset(v.old) || !unset(v.new) || unset(v.remote)) return false;
  if (matchesDefault(defaults, path, v.remote)) return true;
  // A remote-only map is one change at its parent: skipped only if every entry is a default.
  const r = v.remote;
  if (r === null || typeof r !== "object" || Array.isArray(r) || Object.keys(r).length === 0) return false;
  return Object.entries(r).every(([k, x]) =>
    matchesDefault(defaults, `${path}['${k.replace(/'/g, "''")}']`, x),
  );
}

const unset = (x: Plain | undefined): boolean => x === undefined || x === null;

function matchesDefault(
  defaults: readonly BackendDefault[],
  path: string,
  remote: Plain | undefined,
): boolean {
  return defaults.some(
    (d) => underPattern(path, d.field) && (d.values === undefined || d.values.some((x) => same(x, remote))),
  );
}
