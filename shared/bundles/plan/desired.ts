import type { Plain } from "../dyn.js";
import { SUPPORTED_RESOURCE_TYPES } from "../semantic.js";

type Obj = { [k: string]: Plain };

export const isObj = (v: Plain | undefined): v is Obj => v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);

/**
 * Fields of a resource in config that are not sent to the API: read-only ones (`id`, `url`,
 * bundle_tag__id) and sub-resources the CLI plans as separate nodes (`permissions`, `grants`).
 */
const NOT_SENT = new Set(["id", "url", "permissions", "grants", "modified_status", "lifecycle"]);

export interface DesiredResource {
  /** `resources.<type>.<key>`, the node name used by the plan and the state. */
  readonly node: string;
  readonly type: string;
  readonly value: Obj;
}

/** The supported resources of a resolved config, keyed by node name, values sorted like Go's JSON. */
export function desiredResources(config: Plain): Map<string, DesiredResource> {
  const out = new Map<string, DesiredResource>();
  const resources = isObj(config) ? config["resources"] : undefined;
  if (!isObj(resources)) return out;
  for (const type of SUPPORTED_RESOURCE_TYPES) {
    const group = resources[type];
    if (!isObj(group)) continue;
    for (const [key, body] of Object.entries(group)) {
      const fields = isObj(body) ? Object.entries(body).filter(([k]) => !NOT_SENT.has(k)) : [];
      out.set(`resources.${type}.${key}`, { node: `resources.${type}.${key}`, type, value: sortDeep(Object.fromEntries(fields)) as Obj });
    }
  }
  return out;
}

export function sortDeep(v: Plain): Plain {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (!isObj(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep(v[k] ?? null)]));
}
