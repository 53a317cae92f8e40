import { defaultToken } from "../databricks/index.js";

/** The GitHub stand-in as the host sees it: its URL and the App key pair the stack generated (issue #6). */
export interface StackGithubApp {
  readonly url: string;
  readonly appId: string;
  readonly privateKeyPem: string;
}

/**
 * Settings the stack gives the function app, over local.settings.json (set variables win, as with func):
 * the stack's ports change between runs, so they cannot live in the file. Every bundle target goes to the
 * one emulator with its token; the lake is Azurite through the Blob API.
 */
export function hostAppSettings(
  connectionString: string,
  databricksUrl: string,
  github?: StackGithubApp,
): Record<string, string> {
  return {
    ...(github === undefined
      ? {}
      : {
          GITHUB_API_URL: github.url,
          GITHUB_APP_ID: github.appId,
          GITHUB_APP_PRIVATE_KEY: github.privateKeyPem,
        }),
    AzureWebJobsStorage: connectionString,
    DATABRICKS_WORKSPACES: JSON.stringify({ "*": { host: databricksUrl, auth: "pat" } }),
    DATABRICKS_TOKEN: defaultToken,
    LAKE_CONNECTION_STRING: connectionString,
    ORCHESTRATOR_LAKE: "abfss://orchestrator@devstoreaccount1.dfs.core.windows.net",
    // The demo and npm run promote/approve act as two people through x-dev-principal (ADR 0020).
    PROMOTION_DEV_PRINCIPAL: "true",
  };
}
