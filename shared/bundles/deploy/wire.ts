import type { JobSettings } from "../../databricks/index.js";
import { int64 } from "../../databricks/int64.js";
import type { Plain } from "../dyn.js";

/** Big integers from YAML go out as bare JSON numbers, like the CLI sends them. */
export function toWire(v: Plain): unknown {
  if (typeof v === "bigint") return int64(v.toString());
  if (Array.isArray(v)) return v.map(toWire);
  if (v !== null && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toWire(x)]));
  return v;
}

/**
 * Job settings for the jobs client, which writes `run_job_task.job_id` (the only int64 in settings)
 * from a decimal string itself; other big integers go out as bare numbers.
 */
export function jobWire(v: Plain): JobSettings {
  const visit = (x: Plain, key: string): unknown =>
    key === "job_id" && (typeof x === "bigint" || typeof x === "number")
      ? x.toString()
      : Array.isArray(x)
        ? x.map((y) => visit(y, ""))
        : x !== null && typeof x === "object"
          ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, visit(y, k)]))
          : toWire(x);
  return visit(v, "") as JobSettings;
}
