import { parseJson } from "../../databricks/int64.js";
import type { Plain } from "../dyn.js";
import { migrateToV2 } from "./migrate.js";
import { numericIds } from "./remote.js";
import type { DeployedState } from "./types.js";

/** state_version the CLI writes today, and the one that adds a `features` map (bundle/direct/dstate). */
const CURRENT_VERSION = 2;
const JOB_ID_KEYS: ReadonlySet<string> = new Set(["job_id"]);
const FEATURE_VERSION = 3;
const FEATURES_DOC = "https://docs.databricks.com/aws/en/dev-tools/bundles/state-features#state-features";

export type ReadStateResult = { readonly kind: "ok"; readonly state: DeployedState } | { readonly kind: "error"; readonly message: string };

/**
 * Parses resources.json, migrates version 0/1 entries to version 2 (migrate.ts), and refuses what the CLI refuses: a version-3 state recording features this
 * engine does not know, or a newer version. `path` is only used in messages, worded like the CLI's.
 */
export function readState(text: string, path: string): ReadStateResult {
  let raw: unknown;
  try {
    // Ids beyond 2^53 (run_job_task.job_id) must not be rounded: read as text, then typed as int64.
    raw = numericIds(parseJson(text, JOB_ID_KEYS) as Plain);
  } catch (e) {
    return { kind: "error", message: `reading state ${path}: ${e instanceof Error ? e.message : String(e)}` };
  }
  const db = (raw ?? {}) as Partial<DeployedState> & { features?: Record<string, unknown> };
  const version = db.state_version ?? 1;
  const features = Object.keys(db.features ?? {}).sort();
  if (version === FEATURE_VERSION && features.length > 0) {
    const why = `the deployment state requires features this CLI does not support: ${features.join(", ")}; upgrade to the latest CLI version and see ${FEATURES_DOC} for more information`;
    return { kind: "error", message: `migrating state ${path}: ${why}` };
  }
  if (version > FEATURE_VERSION) return { kind: "error", message: `migrating state ${path}: state version ${version} is newer than supported version ${CURRENT_VERSION}; upgrade the CLI` };
  // Older states are migrated on read, as the CLI does before planning (permission_level_migration).
  const old = version < CURRENT_VERSION;
  const entries = db.state ?? {};
  return {
    kind: "ok",
    state: {
      state_version: old ? CURRENT_VERSION : version, cli_version: db.cli_version ?? "", lineage: db.lineage ?? "", serial: db.serial ?? 0,
      state: old ? migrateToV2(entries) : entries,
    },
  };
}
