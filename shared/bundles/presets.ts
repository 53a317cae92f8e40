import { error, type Diagnostic } from "./diagnostics.js";
import { isMap, isSeq, map, scalar, seq, str, type DMap, type DValue } from "./dyn.js";
import { mapResources, setDefault, withEntry } from "./resources.js";

/**
 * `mode: development` defaults (resourcemutator/apply_target_mode.go): they only fill presets the
 * user did not set. UNPAUSED triggers in development mode are refused, as the CLI does.
 */
export function applyMode(config: DMap, short: string): { config: DMap; diagnostics: Diagnostic[] } {
  const bundle = config.entries.get("bundle");
  if (str(isMap(bundle) ? bundle.entries.get("mode") : undefined) !== "development") return { config, diagnostics: [] };
  const current = config.entries.get("presets");
  let presets = isMap(current) ? current : map([]);
  const diagnostics: Diagnostic[] = [];
  const pause = presets.entries.get("trigger_pause_status");
  if (str(pause) === "UNPAUSED") {
    diagnostics.push(error("target with 'mode: development' cannot set trigger pause status to UNPAUSED by default", pause?.loc));
  }
  presets = setDefault(presets, "name_prefix", scalar(`[dev ${short}] `));
  const tags = presets.entries.get("tags");
  presets = withEntry(presets, "tags", isMap(tags) ? setDefault(tags, "dev", scalar(short)) : map([["dev", scalar(short)]]));
  presets = setDefault(presets, "jobs_max_concurrent_runs", scalar(4));
  presets = setDefault(presets, "trigger_pause_status", scalar("PAUSED"));
  return { config: withEntry(config, "presets", presets), diagnostics };
}

/** Presets applied to our resource types (resourcemutator/apply_presets.go). */
export function applyPresets(config: DMap): DMap {
  const presets = config.entries.get("presets");
  if (!isMap(presets)) return config;
  const prefix = str(presets.entries.get("name_prefix")) ?? "";
  const tags = isMap(presets.entries.get("tags")) ? [...(presets.entries.get("tags") as DMap).entries] : [];
  const maxRuns = presets.entries.get("jobs_max_concurrent_runs");
  const pause = presets.entries.get("trigger_pause_status");
  let out = mapResources(config, "jobs", (job) => {
    let j = withEntry(job, "name", scalar(prefix + (str(job.entries.get("name")) ?? ""), job.entries.get("name")?.loc));
    if (tags.length > 0) {
      let t = isMap(j.entries.get("tags")) ? (j.entries.get("tags") as DMap) : map([]);
      for (const [k, v] of tags) if (!t.entries.has(k)) t = withEntry(t, k, v);
      j = withEntry(j, "tags", t);
    }
    if (maxRuns !== undefined) j = setDefault(j, "max_concurrent_runs", maxRuns);
    if (pause !== undefined) j = pauseBlocks(j, pause);
    return j;
  });
  out = mapResources(out, "models", (m) => withTagList(withEntry(m, "name", scalar(prefix + (str(m.entries.get("name")) ?? ""))), tags));
  out = mapResources(out, "experiments", (e) => withTagList(withEntry(e, "name", scalar(prefixLastSegment(str(e.entries.get("name")) ?? "", prefix))), tags));
  return mapResources(out, "registered_models", (m) => withEntry(m, "name", scalar(normalizePrefix(prefix) + (str(m.entries.get("name")) ?? ""))));
}

function pauseBlocks(job: DMap, pause: DValue): DMap {
  let j = job;
  for (const block of ["schedule", "trigger", "continuous"]) {
    const b = j.entries.get(block);
    if (isMap(b)) j = withEntry(j, block, setDefault(b, "pause_status", pause));
  }
  return j;
}

function withTagList(m: DMap, tags: [string, DValue][]): DMap {
  if (tags.length === 0) return m;
  const list = m.entries.get("tags");
  const items = isSeq(list) ? [...list.items] : [];
  const has = new Set(items.map((i) => (isMap(i) ? str(i.entries.get("key")) : undefined)));
  for (const [k, v] of tags) if (!has.has(k)) items.push(map([["key", scalar(k)], ["value", v]]));
  return withEntry(m, "tags", seq(items));
}

function prefixLastSegment(name: string, prefix: string): string {
  const i = name.lastIndexOf("/");
  return i < 0 ? prefix + name : name.slice(0, i + 1) + prefix + name.slice(i + 1);
}

/** `[dev tester] ` → `dev_tester_`: UC names allow only lower-case letters, digits and underscores. */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/[[\]]/g, "").trim();
  if (trimmed === "") return "";
  return `${trimmed.toLowerCase().replace(/[^a-z0-9_]+/g, "_")}_`;
}
