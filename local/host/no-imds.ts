/**
 * AZURE_TOKEN_CREDENTIALS values that keep DefaultAzureCredential to developer credentials, none of which
 * calls the managed-identity endpoint (IMDS, 169.254.169.254). Compared case-insensitively, as
 * @azure/identity does.
 */
const DEVELOPER_CHAINS: ReadonlySet<string> = new Set([
  "dev",
  "azureclicredential",
  "azuredeveloperclicredential",
  "azurepowershellcredential",
  "visualstudiocodecredential",
]);

/**
 * This host never runs in Azure, so there is no managed identity to find: any credential the app makes
 * lazily (DFS lake, entra workspaces) must not probe IMDS. A chain the user chose is kept when it is a
 * developer one; anything else (unset, `prod`, ManagedIdentityCredential, ...) becomes `dev`.
 * Returns a warning when a user's choice was overridden.
 */
export function keepCredentialsOffImds(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env["AZURE_TOKEN_CREDENTIALS"];
  if (chosen !== undefined && DEVELOPER_CHAINS.has(chosen.trim().toLowerCase())) return undefined;
  env["AZURE_TOKEN_CREDENTIALS"] = "dev";
  if (chosen === undefined || chosen.trim() === "") return undefined;
  return `AZURE_TOKEN_CREDENTIALS=${chosen} would let Azure credentials probe managed identity (IMDS), which does not exist outside Azure; the local host uses "dev" (developer credentials) instead`;
}
