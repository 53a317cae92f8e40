import type { TokenCredential } from "@azure/identity";
import { entraIdAuth, patAuth, type DatabricksAuth } from "../../shared/databricks/index.js";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * How `npm run bundle` authenticates: DATABRICKS_TOKEN when set, else Azure credentials. A workspace on
 * this machine (the local emulator) never gets Azure credentials: DefaultAzureCredential would probe the
 * managed-identity endpoint (169.254.169.254) and leave loopback. So the credential is made only for a
 * remote host, and only then.
 */
export function bundleAuth(
  host: string,
  token: string | undefined,
  azureCredential: () => TokenCredential,
): DatabricksAuth {
  if (token !== undefined && token !== "") return patAuth(token);
  if (LOOPBACK.has(new URL(host).hostname))
    throw new Error(
      `DATABRICKS_TOKEN is not set for ${host}, a workspace on this machine; the local emulator's token is in .local/stack.json`,
    );
  return entraIdAuth({ credential: azureCredential() });
}
