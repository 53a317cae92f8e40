import type { TokenCredential } from "@azure/identity";
import type { WorkspaceSetting } from "../config/databricks.js";
import { createDatabricksClient, type DatabricksClient } from "../databricks/client.js";
import {
  entraIdAuth,
  oauthM2mAuth,
  patAuth,
  type DatabricksAuth,
  type FetchLike,
} from "../databricks/index.js";
import { createRateLimiter, databricksRateRules, type RateLimiter } from "../databricks/rate-limit.js";
import { systemClock } from "../databricks/clock.js";
import { ConfigError } from "../errors/taxonomy.js";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

export interface WorkspaceSettings {
  readonly workspaces: Readonly<Record<string, WorkspaceSetting>>;
  readonly token?: string | undefined;
  readonly oauth?: { readonly clientId: string; readonly clientSecret: string } | undefined;
}

export interface WorkspaceDeps {
  /** Made on first use of an `entra` workspace only, so nothing probes the managed-identity endpoint otherwise. */
  readonly credential: () => TokenCredential;
  readonly fetch?: FetchLike;
}

/** Bundle target → Databricks client; one client (and one rate limiter) per workspace host. */
export interface Workspaces {
  /** The workspace URL of a target; throws a ConfigError naming the setting when none is configured. */
  hostOf(target: string): string;
  clientFor(target: string): DatabricksClient;
}

function settingOf(settings: WorkspaceSettings, target: string): WorkspaceSetting {
  const found = settings.workspaces[target] ?? settings.workspaces["*"];
  if (found === undefined)
    throw new ConfigError([
      { name: "DATABRICKS_WORKSPACES", reason: `has no workspace for target ${target}` },
    ]);
  return found;
}

function authOf(settings: WorkspaceSettings, w: WorkspaceSetting, deps: WorkspaceDeps): DatabricksAuth {
  switch (w.auth) {
    case "pat":
      if (!settings.token)
        throw new ConfigError([{ name: "DATABRICKS_TOKEN", reason: "is required for auth pat" }]);
      return patAuth(settings.token);
    case "oauth":
      if (!settings.oauth)
        throw new ConfigError([{ name: "DATABRICKS_CLIENT_SECRET", reason: "is required for auth oauth" }]);
      return oauthM2mAuth({ host: w.host, ...settings.oauth, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
    case "entra":
      // A workspace on this machine is the emulator: an Azure credential would probe 169.254.169.254.
      if (LOOPBACK.has(new URL(w.host).hostname))
        throw new ConfigError([
          {
            name: "DATABRICKS_WORKSPACES",
            reason: `auth entra is refused for loopback host ${w.host}; use pat`,
          },
        ]);
      return entraIdAuth({
        credential: deps.credential(),
        ...(w.resourceId === undefined ? {} : { workspaceResourceId: w.resourceId }),
      });
  }
}

export function createWorkspaces(settings: WorkspaceSettings, deps: WorkspaceDeps): Workspaces {
  const clients = new Map<string, DatabricksClient>();
  const limiters = new Map<string, RateLimiter>();
  return {
    hostOf: (target) => settingOf(settings, target).host,
    clientFor(target) {
      const w = settingOf(settings, target);
      const key = `${w.host}\n${w.auth}`;
      let client = clients.get(key);
      if (client === undefined) {
        // Databricks' limits are per workspace, so clients of the same host share one limiter.
        let limiter = limiters.get(w.host);
        if (limiter === undefined) {
          limiter = createRateLimiter({ rules: databricksRateRules }, systemClock);
          limiters.set(w.host, limiter);
        }
        client = createDatabricksClient({
          host: w.host,
          auth: authOf(settings, w, deps),
          rateLimit: limiter,
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
        });
        clients.set(key, client);
      }
      return client;
    },
  };
}
