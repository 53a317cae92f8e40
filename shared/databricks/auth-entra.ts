import type { TokenCredential } from "@azure/identity";
import { authError, type DatabricksAuth, TokenCache } from "./auth.js";
import { type Clock, systemClock } from "./clock.js";

/** The Azure Databricks first-party application; tokens for it are accepted by every workspace. */
export const databricksScope = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default";
/** Azure Resource Manager, for the management token of service principals that are not workspace users. */
export const managementScope = "https://management.core.windows.net/.default";

/** Options for {@link entraIdAuth}. */
export interface EntraIdAuthOptions {
  /** Managed identity in Azure, workload identity in CI, Azure CLI on a laptop (built in shared/runtime). */
  credential: TokenCredential;
  /**
   * Set for a service principal that is not (yet) a workspace user: the workspace then checks the
   * principal's Azure RBAC on this resource id and adds it on first use (Go SDK: auth_azure_*.go).
   */
  workspaceResourceId?: string;
  clock?: Clock;
  refreshMarginMs?: number;
}

/** Microsoft Entra ID tokens from an `@azure/identity` credential. */
export function entraIdAuth(options: EntraIdAuthOptions): DatabricksAuth {
  const clock = options.clock ?? systemClock;
  const cacheFor = (scope: string): TokenCache =>
    new TokenCache(
      async () => {
        const token = await options.credential.getToken(scope).catch((err: unknown) => {
          throw authError("Entra ID token request", err);
        });
        if (!token) throw authError("Entra ID token request", new Error("no token"));
        return { token: token.token, expiresAt: token.expiresOnTimestamp };
      },
      clock,
      options.refreshMarginMs,
    );
  const workspace = cacheFor(databricksScope);
  const management = options.workspaceResourceId === undefined ? undefined : cacheFor(managementScope);
  const resourceId = options.workspaceResourceId;
  return {
    async headers() {
      const headers: Record<string, string> = { authorization: `Bearer ${await workspace.get()}` };
      if (management && resourceId !== undefined) {
        headers["x-databricks-azure-sp-management-token"] = await management.get();
        headers["x-databricks-azure-workspace-resource-id"] = resourceId;
      }
      return headers;
    },
  };
}
