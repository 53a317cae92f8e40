import { z } from "zod";
import { defineGroup, jsonSetting, setting } from "./setting.js";

/** How the app authenticates to one workspace; see {@link databricksSettings}. */
export type WorkspaceAuthKind = "entra" | "oauth" | "pat";

const workspaceSchema = z
  .object({
    host: z.url({ protocol: /^https?$/, error: "host must be an http(s) URL" }),
    auth: z.enum(["entra", "oauth", "pat"], { error: "auth must be entra, oauth or pat" }).optional(),
    // Azure resource id of the workspace: sends the management token for service principals that are
    // not workspace users yet (the workspace then checks their Azure RBAC).
    resourceId: z
      .string()
      .startsWith("/subscriptions/", { error: "resourceId must be an Azure resource id" })
      .optional(),
  })
  .strict();

/** Target name (or `*` for every other target) → the workspace its jobs and models live in. */
const workspacesJson = jsonSetting(
  z.record(
    z.string().regex(/^(\*|[A-Za-z0-9_-]+)$/, { error: "keys must be target names or *" }),
    workspaceSchema,
    {
      error: 'must be an object like {"staging":{"host":"https://adb-1.2.azuredatabricks.net"}}',
    },
  ),
);

/** One workspace as the runtime needs it. */
export interface WorkspaceSetting {
  readonly host: string;
  readonly auth: WorkspaceAuthKind;
  readonly resourceId?: string;
}

/** Settings of the Databricks workspaces the flows talk to (issues #6, #7, #8). */
export const databricksSettings = defineGroup(
  "Databricks",
  {
    DATABRICKS_WORKSPACES: setting(workspacesJson.optional(), {
      description:
        'JSON: bundle target → workspace, `*` for any other target, e.g. {"staging":{"host":"https://adb-1.2.azuredatabricks.net"},"prod":{"host":"https://adb-3.4.azuredatabricks.net","auth":"entra"}}. auth: entra (managed identity; the default without a token), oauth (DATABRICKS_CLIENT_ID/SECRET) or pat (DATABRICKS_TOKEN). Unset: flows that need a workspace fail with a clear reason.',
      secret: false,
      sample: '{"*":{"host":"http://127.0.0.1:7073","auth":"pat"}}',
    }),
    DATABRICKS_TOKEN: setting(z.string().min(1).optional(), {
      description:
        "Personal access token for workspaces with auth pat (development and the local stack's emulator only; use entra in Azure).",
      secret: true,
      sample: "dapi-local-emulator",
    }),
    DATABRICKS_CLIENT_ID: setting(z.string().min(1).optional(), {
      description: "Databricks OAuth machine-to-machine client id, for workspaces with auth oauth.",
      secret: false,
    }),
    DATABRICKS_CLIENT_SECRET: setting(z.string().min(1).optional(), {
      description:
        "Databricks OAuth machine-to-machine secret, for workspaces with auth oauth; a Key Vault reference in Azure.",
      secret: true,
    }),
    AZURE_CLIENT_ID: setting(z.uuid({ error: "must be a client id (GUID)" }).optional(), {
      description:
        "Client id of the user-assigned managed identity the app uses for Entra ID tokens (Databricks with auth entra, the lake over DFS). Unset: the system-assigned identity.",
      secret: false,
    }),
  },
  (v) => {
    const defaultAuth: WorkspaceAuthKind = v.DATABRICKS_TOKEN
      ? "pat"
      : v.DATABRICKS_CLIENT_ID
        ? "oauth"
        : "entra";
    const workspaces = Object.fromEntries(
      Object.entries(v.DATABRICKS_WORKSPACES ?? {}).map(([target, w]): [string, WorkspaceSetting] => [
        target,
        {
          host: w.host.replace(/\/+$/, ""),
          auth: w.auth ?? defaultAuth,
          ...(w.resourceId === undefined ? {} : { resourceId: w.resourceId }),
        },
      ]),
    );
    return {
      workspaces,
      token: v.DATABRICKS_TOKEN,
      oauth:
        v.DATABRICKS_CLIENT_ID && v.DATABRICKS_CLIENT_SECRET
          ? { clientId: v.DATABRICKS_CLIENT_ID, clientSecret: v.DATABRICKS_CLIENT_SECRET }
          : undefined,
      managedIdentityClientId: v.AZURE_CLIENT_ID,
    };
  },
);

/** Cross-field rules: every workspace's auth must have its credentials. Names settings, never values. */
export function databricksProblems(
  env: Readonly<Record<string, unknown>>,
): { name: string; reason: string }[] {
  if (typeof env.DATABRICKS_WORKSPACES !== "string") return [];
  const parsed = databricksSettings.shape.DATABRICKS_WORKSPACES.safeParse(env.DATABRICKS_WORKSPACES);
  if (!parsed.success || parsed.data === undefined) return [];
  const auths = Object.values(parsed.data).map((w) => w.auth);
  const problems: { name: string; reason: string }[] = [];
  if (auths.includes("pat") && env.DATABRICKS_TOKEN === undefined)
    problems.push({ name: "DATABRICKS_TOKEN", reason: "is required by a workspace with auth pat" });
  if (
    auths.includes("oauth") &&
    (env.DATABRICKS_CLIENT_ID === undefined || env.DATABRICKS_CLIENT_SECRET === undefined)
  )
    problems.push({
      name: "DATABRICKS_CLIENT_SECRET",
      reason: "DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET are required by a workspace with auth oauth",
    });
  return problems;
}
