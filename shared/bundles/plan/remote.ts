import type { Plain } from "../dyn.js";
import { isObj, sortDeep } from "./desired.js";
import { PERMISSIONS_TYPE } from "./permissions.js";

/**
 * Remote objects as the plan uses them (bundle/direct/dresources DoRead and RemapState). A job's
 * remote state is its settings with the job's own fields beside them (JobRemote upstream); only the
 * settings are compared with the config. Types whose drift rules are not modelled here (experiments,
 * models, registered_models) are not compared: only "gone" counts for them.
 */
const JOB_OWN_FIELDS = [
  "created_time",
  "creator_user_name",
  "effective_budget_policy_id",
  "effective_usage_policy_id",
  "job_id",
  "run_as_user_name",
  "trigger_details",
  "trigger_state",
];

/** Types whose remote values are compared field by field with the config. */
export const comparesRemote = (type: string): boolean => type === "jobs" || type === PERMISSIONS_TYPE;

/** The part of a remote object that is compared with the config (RemapState). */
export function comparable(type: string, remote: Plain): Plain {
  if (type !== "jobs" || !isObj(remote)) return remote;
  return Object.fromEntries(Object.entries(remote).filter(([k]) => !JOB_OWN_FIELDS.includes(k)));
}

/**
 * A job as jobs/get returns it (ids as decimal strings, settings nested) → the plan's remote state:
 * the settings flattened beside the job's own fields, ids back to numbers, keys sorted.
 */
export function jobRemote(job: { readonly job_id: string; readonly settings?: object | undefined }): Plain {
  const fields = job as Record<string, unknown>;
  const own = Object.fromEntries(
    JOB_OWN_FIELDS.filter((k) => fields[k] !== undefined && fields[k] !== "").map((k) => [k, fields[k]]),
  );
  return sortDeep(numericIds({ ...(job.settings ?? {}), ...own } as Plain));
}

/**
 * `job_id` fields (the job's own, run_job_task's) are int64 in the API; the client and the state reader
 * hand them over as text, so a value beyond 2^53 is never rounded on the way.
 */
export function numericIds(v: Plain, key = ""): Plain {
  if (key === "job_id" && typeof v === "string" && /^\d+$/.test(v)) {
    const n = BigInt(v);
    return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
  }
  if (Array.isArray(v)) return v.map((x) => numericIds(x));
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, numericIds(x, k)]));
  return v;
}
