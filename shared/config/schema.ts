import { z } from "zod";
import { databricksSettings } from "./databricks.js";
import { githubSettings } from "./github.js";
import { lakeSettings } from "./lake.js";
import { promotionSettings } from "./promotion.js";
import { runEventsSettings } from "./run-events.js";
import { defineGroup, setting } from "./setting.js";
import { isStorageConnectionString } from "./storage.js";

export { isStorageConnectionString };

/** Azure rule for task hub names: 3-45 alphanumerics starting with a letter. */
const TASK_HUB_NAME = /^[A-Za-z][A-Za-z0-9]{2,44}$/;

/** How the host reaches its storage: a connection string locally, a managed identity in Azure. */
export type HostStorage =
  | { kind: "connectionString"; connectionString: string }
  | { kind: "identity"; accountName: string; clientId?: string };

/**
 * Exactly one of the two ways to reach host storage must be configured. Checked outside the object schema
 * because zod skips object-level refinements once a field has failed, and every problem must be reported.
 */
export function hostStorageProblems(
  env: Readonly<Record<string, unknown>>,
): { name: string; reason: string }[] {
  const byString = env.AzureWebJobsStorage !== undefined;
  const byIdentity = env.AzureWebJobsStorage__accountName !== undefined;
  if (byString && byIdentity) {
    return [
      {
        name: "AzureWebJobsStorage",
        reason: "set either AzureWebJobsStorage or AzureWebJobsStorage__accountName, not both",
      },
    ];
  }
  if (!byString && !byIdentity) {
    return [
      {
        name: "AzureWebJobsStorage",
        reason: "is required (or AzureWebJobsStorage__accountName for identity-based storage)",
      },
    ];
  }
  return [];
}

export const hostSettings = defineGroup(
  "Functions host",
  {
    FUNCTIONS_WORKER_RUNTIME: setting(z.literal("node", { error: 'must be "node"' }).optional(), {
      description:
        "Language worker the Functions host starts; this app is Node.js only. Flex Consumption sets the runtime itself and leaves it unset.",
      secret: false,
      sample: "node",
    }),
    AzureWebJobsStorage: setting(
      z
        .string()
        .refine(isStorageConnectionString, {
          error: "must be a storage connection string or UseDevelopmentStorage=true",
        })
        .optional(),
      {
        description:
          "Connection string of the storage account used by the Functions host and the durable task hub (local and key-based setups). Set this or AzureWebJobsStorage__accountName.",
        secret: true,
        sample: "UseDevelopmentStorage=true",
      },
    ),
    AzureWebJobsStorage__accountName: setting(
      z
        .string()
        .regex(/^[a-z0-9]{3,24}$/, { error: "must be a storage account name" })
        .optional(),
      {
        description:
          "Identity-based host storage (Azure): the account name; the host authenticates with its managed identity.",
        secret: false,
      },
    ),
    AzureWebJobsStorage__clientId: setting(
      z.string().uuid({ error: "must be a client id (GUID)" }).optional(),
      {
        description: "Identity-based host storage: client id of the user-assigned managed identity to use.",
        secret: false,
      },
    ),
  },
  (v): { workerRuntime: "node"; storage: HostStorage } => ({
    workerRuntime: "node",
    storage: v.AzureWebJobsStorage
      ? { kind: "connectionString", connectionString: v.AzureWebJobsStorage }
      : {
          kind: "identity",
          accountName: v.AzureWebJobsStorage__accountName ?? "",
          ...(v.AzureWebJobsStorage__clientId ? { clientId: v.AzureWebJobsStorage__clientId } : {}),
        },
  }),
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
export const settingGroups = [
  hostSettings,
  durableSettings,
  appSettings,
  databricksSettings,
  runEventsSettings,
  lakeSettings,
  githubSettings,
  promotionSettings,
] as const;

/** The one schema owning every setting the app reads. */
export const configSchema = z
  .object({
    ...hostSettings.shape,
    ...durableSettings.shape,
    ...appSettings.shape,
    ...databricksSettings.shape,
    ...runEventsSettings.shape,
    ...lakeSettings.shape,
    ...githubSettings.shape,
    ...promotionSettings.shape,
  })
  .transform((v) => ({
    app: appSettings.read(v),
    host: hostSettings.read(v),
    durable: durableSettings.read(v),
    databricks: databricksSettings.read(v),
    runEvents: runEventsSettings.read(v),
    lake: lakeSettings.read(v),
    github: githubSettings.read(v),
    promotion: promotionSettings.read(v),
  }));

/** The app's typed, validated settings. */
export type Config = z.output<typeof configSchema>;
