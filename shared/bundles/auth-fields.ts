import { error, warning, type Diagnostic } from "./diagnostics.js";
import { isMap, str, type DMap } from "./dyn.js";

/** Workspace fields that configure authentication are read before any interpolation can run. */
const AUTH_FIELDS = ["host", "account_id", "auth_type", "profile", "azure_client_id", "azure_tenant_id", "azure_environment", "azure_login_app_id", "azure_workspace_resource_id", "client_id", "google_service_account", "metadata_service_url"];

/**
 * validate/no_interpolation_in_auth_config.go: a warning per interpolated auth field; an interpolated
 * host additionally makes the client unusable, which the CLI surfaces as the URL parse error below.
 */
export function checkAuthInterpolation(config: DMap): Diagnostic[] {
  const ws = config.entries.get("workspace");
  if (!isMap(ws)) return [];
  const out: Diagnostic[] = [];
  for (const field of AUTH_FIELDS) {
    const node = ws.entries.get(field);
    const value = str(node);
    if (value === undefined || !value.includes("${")) continue;
    out.push(warning("Variable interpolation is not supported for fields that configure authentication", node?.loc, ["workspace", field],
      `Interpolation is not supported for the field workspace.${field}. Please set\nthe DATABRICKS_${field.toUpperCase()} environment variable if you wish to configure this field at runtime.`));
    if (field === "host") {
      const url = value.includes("://") ? value : `https://${value}`;
      out.push(error(`failed during request visitor: parse "${url}": invalid character "{" in host name`));
    }
  }
  return out;
}
