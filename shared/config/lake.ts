import { z } from "zod";
import { isStorageConnectionString } from "./storage.js";
import { defineGroup, setting } from "./setting.js";

/** A filesystem (container) of a storage account. */
export interface LakeLocation {
  readonly account: string;
  readonly filesystem: string;
}

// abfss://<filesystem>@<account>.dfs.core.windows.net — the form Databricks and Spark users already write.
const ABFSS = /^abfss:\/\/([a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9]))@([a-z0-9]{3,24})\.dfs\.[a-z0-9.]+\/?$/;

/** Parses an abfss URL naming a filesystem (no path below it). */
export function parseLakeLocation(text: string): LakeLocation | undefined {
  const m = ABFSS.exec(text);
  return m ? { filesystem: m[1] ?? "", account: m[2] ?? "" } : undefined;
}

const location = z.string().transform((text, ctx) => {
  const parsed = parseLakeLocation(text);
  if (parsed === undefined) {
    ctx.addIssue({ code: "custom", message: "must be abfss://<filesystem>@<account>.dfs.core.windows.net" });
    return z.NEVER;
  }
  return parsed;
});

/** Settings of the lake the app writes its own records to (lineage, ledger, deploy snapshots). */
export const lakeSettings = defineGroup(
  "Lake",
  {
    LAKE_CONNECTION_STRING: setting(
      z
        .string()
        .refine(isStorageConnectionString, { error: "must be a storage connection string" })
        .optional(),
      {
        description:
          "Local stack and key-based setups: reach every lake account through the Blob API with this connection string (Azurite has no DFS endpoint). Unset (Azure): each account's DFS endpoint with the app's managed identity.",
        secret: true,
        sample: "UseDevelopmentStorage=true",
      },
    ),
    ORCHESTRATOR_LAKE: setting(location.optional(), {
      description:
        "Filesystem for the orchestrator's own records: the promotion ledger (_orchestrator/ledger/), source snapshots of pushed commits and deploy sync snapshots. Lineage manifests go next to the landed data instead.",
      secret: false,
      sample: "abfss://orchestrator@devstoreaccount1.dfs.core.windows.net",
    }),
  },
  (v) => ({ connectionString: v.LAKE_CONNECTION_STRING, orchestrator: v.ORCHESTRATOR_LAKE }),
);
