import { z } from "zod";
import { defineGroup, setting } from "./setting.js";

/** Azure rule for task hub names: 3-45 alphanumerics starting with a letter. */
const TASK_HUB_NAME = /^[A-Za-z][A-Za-z0-9]{2,44}$/;

/** Accepts what the Storage SDKs accept: the emulator shortcut, account key/SAS, or endpoint + SAS. */
export function isStorageConnectionString(value: string): boolean {
  const pairs = new Map<string, string>();
  for (const part of value.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) pairs.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  if (pairs.get("usedevelopmentstorage")?.toLowerCase() === "true") return true;
  const hasCredential = Boolean(pairs.get("accountkey") || pairs.get("sharedaccesssignature"));
  return hasCredential && Boolean(pairs.get("accountname") || pairs.get("blobendpoint"));
}

export const hostSettings = defineGroup(
  "Functions host",
  {
    FUNCTIONS_WORKER_RUNTIME: setting(z.literal("node", { error: 'must be "node"' }), {
      description: "Language worker the Functions host starts; this app is Node.js only.",
      secret: false,
      sample: "node",
    }),
    AzureWebJobsStorage: setting(
      z.string({ error: "is required" }).refine(isStorageConnectionString, {
        error: "must be a storage connection string or UseDevelopmentStorage=true",
      }),
      {
        description: "Storage account used by the Functions host and the durable task hub.",
        secret: true,
        sample: "UseDevelopmentStorage=true",
      },
    ),
  },
  (v) => ({ workerRuntime: v.FUNCTIONS_WORKER_RUNTIME, storageConnection: v.AzureWebJobsStorage }),
);

export const durableSettings = defineGroup(
  "Durable Functions",
  {
    DURABLE_TASK_HUB: setting(
      z
        .string()
        .regex(TASK_HUB_NAME, { error: "must be 3-45 letters or digits, starting with a letter" })
        .default("MlOrchestrator"),
      {
        // host.json resolves %DURABLE_TASK_HUB% itself, so the default here does not reach the host.
        description:
          "Durable task hub name, also read by host.json; set it in every environment. Apps sharing a storage account need different hubs.",
        secret: false,
      },
    ),
  },
  (v) => ({ taskHub: v.DURABLE_TASK_HUB }),
);

export const appSettings = defineGroup(
  "Application",
  {
    APP_ENVIRONMENT: setting(
      z
        .enum(["local", "dev", "staging", "prod"], { error: "must be one of local, dev, staging, prod" })
        .default("local"),
      {
        description: "Deployment environment name, reported by /api/health and attached to logs.",
        secret: false,
      },
    ),
    LOG_LEVEL: setting(
      z
        .enum(["debug", "info", "warn", "error"], { error: "must be one of debug, info, warn, error" })
        .default("info"),
      { description: "Lowest level the app logger writes.", secret: false },
    ),
  },
  (v) => ({ environment: v.APP_ENVIRONMENT, logLevel: v.LOG_LEVEL }),
);

/** Every group, in the order the docs list them. */
export const settingGroups = [hostSettings, durableSettings, appSettings] as const;

/** The one schema owning every setting the app reads. */
export const configSchema = z
  .object({ ...hostSettings.shape, ...durableSettings.shape, ...appSettings.shape })
  .transform((v) => ({
    app: appSettings.read(v),
    host: hostSettings.read(v),
    durable: durableSettings.read(v),
  }));

/** The app's typed, validated settings. */
export type Config = z.output<typeof configSchema>;
