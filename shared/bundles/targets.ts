import { error, type Diagnostic } from "./diagnostics.js";
import { isMap, isNull, map, scalar, type DMap, type DValue } from "./dyn.js";
import { merge } from "./merge.js";

/** Sections a target merges onto the root (bundle/config/root.go MergeTargetOverrides). */
const MERGED_SECTIONS = ["bundle", "workspace", "artifacts", "resources", "sync", "permissions", "presets"] as const;

export interface TargetResult {
  readonly config: DMap | undefined;
  readonly diagnostics: Diagnostic[];
}

/** Picks `-t` or the default target and folds its overrides into the root; `targets` disappears. */
export function applyTarget(root: DMap, requested: string | undefined): TargetResult {
  const targets = root.entries.get("targets") ?? root.entries.get("environments");
  const names = isMap(targets) ? [...targets.entries.keys()] : [];
  const picked = pickTarget(targets, names, requested);
  if ("error" in picked) return { config: undefined, diagnostics: [error(picked.error)] };
  const name = picked.name;
  const target = isMap(targets) ? targets.entries.get(name) : undefined;
  const entries = new Map(root.entries);
  entries.delete("targets");
  entries.delete("environments");
  const diagnostics: Diagnostic[] = [];
  if (isMap(target)) {
    for (const section of MERGED_SECTIONS) {
      const merged = merge(entries.get(section), target.entries.get(section));
      if (merged !== undefined) entries.set(section, merged);
    }
    const runAs = target.entries.get("run_as");
    if (runAs !== undefined && !isNull(runAs)) entries.set("run_as", runAs);
    foldBundleFields(entries, target);
    const vars = overrideVariables(entries.get("variables"), target.entries.get("variables"), name);
    if ("error" in vars) return { config: undefined, diagnostics: [vars.error] };
    if (vars.value !== undefined) entries.set("variables", vars.value);
  }
  const bundle = isMap(entries.get("bundle")) ? (entries.get("bundle") as DMap) : map([]);
  const b = new Map(bundle.entries);
  b.set("target", scalar(name));
  b.set("environment", scalar(name));
  entries.set("bundle", map(b, bundle.loc));
  return { config: map(entries, root.loc), diagnostics };
}

function pickTarget(targets: DValue | undefined, names: string[], requested: string | undefined): { name: string } | { error: string } {
  if (requested !== undefined) {
    if (names.includes(requested) || (names.length === 0 && requested === "default")) return { name: requested };
    return { error: `${requested}: no such target. Available targets: ${names.join(", ")}` };
  }
  if (names.length === 0) return { name: "default" };
  const defaults = names.filter((n) => {
    const t = isMap(targets) ? targets.entries.get(n) : undefined;
    const d = isMap(t) ? t.entries.get("default") : undefined;
    return d?.kind === "scalar" && d.value === true;
  });
  if (defaults.length > 1) return { error: `multiple targets are marked as default (${defaults.join(", ")})` };
  if (defaults[0] !== undefined) return { name: defaults[0] };
  if (names.length === 1 && names[0] !== undefined) return { name: names[0] };
  return { error: "please specify target" };
}

/** `mode`, `git`, `cluster_id`/`compute_id` on a target live under `bundle` in the resolved config. */
function foldBundleFields(entries: Map<string, DValue>, target: DMap): void {
  const moves: [string, string][] = [["mode", "mode"], ["git", "git"], ["cluster_id", "cluster_id"], ["compute_id", "cluster_id"]];
  let bundle = entries.get("bundle") ?? map([]);
  for (const [from, to] of moves) {
    const v = target.entries.get(from);
    if (v === undefined || isNull(v)) continue;
    bundle = merge(bundle, map([[to, v]])) ?? bundle;
  }
  entries.set("bundle", bundle);
}

const SPEC_KEYS = new Set(["default", "lookup", "description", "type"]);

/** A target's value replaces the default (and drops a root lookup); a target lookup drops the default. */
function overrideVariables(root: DValue | undefined, over: DValue | undefined, target: string): { value: DValue | undefined } | { error: Diagnostic } {
  if (!isMap(over)) return { value: root };
  const vars = new Map(isMap(root) ? root.entries : []);
  for (const [key, value] of over.entries) {
    const existing = vars.get(key);
    if (existing === undefined) {
      return { error: error(`failed to perform target override for target=${target}: variable ${key} is not defined but is assigned a value`, value.loc) };
    }
    const spec = isMap(value) && [...value.entries.keys()].some((k) => k === "default" || k === "lookup") && [...value.entries.keys()].every((k) => SPEC_KEYS.has(k));
    const next = new Map(isMap(existing) ? existing.entries : []);
    if (spec && isMap(value)) {
      if (value.entries.has("default")) next.delete("lookup");
      if (value.entries.has("lookup")) next.delete("default");
      for (const [k, v] of value.entries) next.set(k, v);
    } else {
      next.delete("lookup");
      next.set("default", value);
    }
    vars.set(key, map(next, existing.loc));
  }
  return { value: map(vars, isMap(root) ? root.loc : over.loc) };
}
