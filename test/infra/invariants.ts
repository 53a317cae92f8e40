import { block, expand, type Body, type TfConfig, type TfResource } from "./hcl.js";

/** An invariant returns one message per violation; an empty list means it holds. */
export type Invariant = (config: TfConfig) => string[];

const where = (r: TfResource): string => `${r.type}.${r.name} (${r.file})`;
const ofType = (config: TfConfig, ...types: string[]): TfResource[] =>
  config.resources.filter((r) => types.includes(r.type));

const FUNCTION_APPS = [
  "azurerm_function_app_flex_consumption",
  "azurerm_linux_function_app",
  "azurerm_windows_function_app",
];
const EVENT_SUBSCRIPTIONS = [
  "azurerm_eventgrid_system_topic_event_subscription",
  "azurerm_eventgrid_event_subscription",
];

export const noPublicBlobAccess: Invariant = (config) => [
  ...ofType(config, "azurerm_storage_account")
    .filter((r) => r.body.allow_nested_items_to_be_public !== false)
    .map((r) => `${where(r)}: allow_nested_items_to_be_public must be false`),
  ...ofType(config, "azurerm_storage_container")
    .filter((r) => r.body.container_access_type !== undefined && r.body.container_access_type !== "private")
    .map((r) => `${where(r)}: container_access_type must be private`),
];

export const minTls12: Invariant = (config) => [
  ...ofType(config, "azurerm_storage_account")
    .filter((r) => r.body.min_tls_version !== "TLS1_2")
    .map((r) => `${where(r)}: min_tls_version must be TLS1_2`),
  ...ofType(config, ...FUNCTION_APPS).flatMap((r) => {
    const site = block(r.body, "site_config");
    const bad = [site?.minimum_tls_version, site?.scm_minimum_tls_version ?? "1.2"].some(
      (v) => !(typeof v === "string" && ["1.2", "1.3"].includes(v)),
    );
    return bad
      ? [`${where(r)}: site_config minimum_tls_version and scm_minimum_tls_version must be 1.2 or 1.3`]
      : [];
  }),
];

export const httpsOnly: Invariant = (config) => [
  ...ofType(config, "azurerm_storage_account")
    .filter((r) => r.body.https_traffic_only_enabled !== true)
    .map((r) => `${where(r)}: https_traffic_only_enabled must be true`),
  ...ofType(config, ...FUNCTION_APPS)
    .filter((r) => r.body.https_only !== true || block(r.body, "auth_settings_v2")?.require_https === false)
    .map((r) => `${where(r)}: https_only must be true (and auth must not allow plain HTTP)`),
];

function appSettingsText(r: TfResource, config: TfConfig): string {
  return expand(r.body.app_settings, config.locals);
}

export const identityBasedStorage: Invariant = (config) => [
  ...ofType(config, "azurerm_storage_account")
    .filter((r) => r.body.shared_access_key_enabled !== false)
    .map((r) => `${where(r)}: shared_access_key_enabled must be false`),
  ...ofType(config, ...FUNCTION_APPS).flatMap((r) => {
    const problems: string[] = [];
    const settings = appSettingsText(r, config);
    if (!/AzureWebJobsStorage__credential"?\s*[=:]\s*"managedidentity"/.test(settings))
      problems.push("AzureWebJobsStorage__credential must be managedidentity");
    if (!/AzureWebJobsStorage__accountName"?\s*[=:]/.test(settings))
      problems.push("AzureWebJobsStorage__accountName is missing");
    if (/(?<![\w_])"?AzureWebJobsStorage"?\s*[=:]/.test(settings))
      problems.push("AzureWebJobsStorage must not be a connection string");
    if (/AccountKey=|primary_access_key|primary_connection_string/.test(JSON.stringify(r.body)))
      problems.push("no account keys or connection strings");
    if (
      r.type === "azurerm_function_app_flex_consumption" &&
      !/Identity$/.test(String(r.body.storage_authentication_type))
    )
      problems.push("storage_authentication_type must be an identity");
    return problems.map((p) => `${where(r)}: ${p}`);
  }),
];

const REQUIRED_APIS = ["CopyBlob", "FlushWithClose", "PutBlob", "PutBlockList"];

export const deadLettering: Invariant = (config) =>
  ofType(config, ...EVENT_SUBSCRIPTIONS).flatMap((r) => {
    const problems: string[] = [];
    const deadLetter = block(r.body, "storage_blob_dead_letter_destination");
    if (!deadLetter?.storage_account_id || !deadLetter.storage_blob_container_name)
      problems.push("dead-letter destination missing");
    const retry = block(r.body, "retry_policy");
    if (!retry?.max_delivery_attempts || !retry.event_time_to_live) problems.push("retry_policy missing");
    if (!block(r.body, "subject_filter")?.subject_begins_with)
      problems.push("subject_filter.subject_begins_with missing");
    const stringIn = block(block(r.body, "advanced_filter"), "string_in");
    const values = Array.isArray(stringIn?.values) ? [...(stringIn.values as string[])].sort() : [];
    if (stringIn?.key !== "data.api" || JSON.stringify(values) !== JSON.stringify(REQUIRED_APIS))
      problems.push(`advanced filter must be data.api in ${REQUIRED_APIS.join(", ")}`);
    return problems.map((p) => `${where(r)}: ${p}`);
  });

/** Resource types whose logs matter when something goes wrong; each needs a diagnostic setting. */
const NEEDS_DIAGNOSTICS = [
  ...FUNCTION_APPS,
  "azurerm_key_vault",
  "azurerm_eventgrid_system_topic",
  "azurerm_storage_account",
];

export const diagnosticsOn: Invariant = (config) => {
  const settings = ofType(config, "azurerm_monitor_diagnostic_setting");
  const targets = settings.map((s) => expand(s.body.target_resource_id, config.locals));
  const missingWorkspace = settings
    .filter((s) => !s.body.log_analytics_workspace_id)
    .map((s) => `${where(s)}: log_analytics_workspace_id missing`);
  const uncovered = ofType(config, ...NEEDS_DIAGNOSTICS)
    .filter((r) => !targets.some((t) => t.includes(`${r.type}.${r.name}`)))
    .map((r) => `${where(r)}: no azurerm_monitor_diagnostic_setting targets it`);
  return [...missingWorkspace, ...uncovered];
};

/** azurerm types without a `tags` argument; every other azurerm resource must carry the standard tags. */
export const NOT_TAGGABLE = new Set([
  "azurerm_role_assignment",
  "azurerm_storage_container",
  "azurerm_monitor_diagnostic_setting",
  "azurerm_eventgrid_system_topic_event_subscription",
  "azurerm_eventgrid_event_subscription",
]);

export const tagsEverywhere: Invariant = (config) =>
  config.resources
    .filter((r) => r.type.startsWith("azurerm_") && !NOT_TAGGABLE.has(r.type))
    .filter((r) => {
      const tags = expand(r.body.tags, config.locals);
      return !(tags.includes("environment") && tags.includes("managed-by"));
    })
    .map((r) => `${where(r)}: tags must include the standard tags (local.tags)`);

export const nodeRuntime22: Invariant = (config) => {
  const apps = ofType(config, ...FUNCTION_APPS);
  const problems = apps.flatMap((r) => {
    if (r.type !== "azurerm_function_app_flex_consumption")
      return [`${where(r)}: the app runs on Flex Consumption`];
    const settings = appSettingsText(r, config);
    return [
      ...(r.body.runtime_name === "node" && r.body.runtime_version === "22"
        ? []
        : [`${where(r)}: runtime must be node 22`]),
      // Flex takes the runtime from functionAppConfig and rejects these as app settings.
      ...(/FUNCTIONS_(WORKER_RUNTIME|EXTENSION_VERSION)|WEBSITE_NODE_DEFAULT_VERSION/.test(settings)
        ? [`${where(r)}: runtime app settings are not allowed on Flex Consumption`]
        : []),
    ];
  });
  return apps.length === 0 ? ["no function app defined"] : problems;
};

export const azurermV4: Invariant = (config) => {
  const constraints = config.terraform
    .flatMap((t) => (Array.isArray(t.required_providers) ? (t.required_providers as Body[]) : []))
    .map((p) => (p.azurerm as Body | undefined)?.version)
    .filter((v): v is string => typeof v === "string");
  const ok =
    constraints.length === 1 &&
    /^>=\s*4\./.test(constraints[0] ?? "") &&
    /<\s*5\./.test(constraints[0] ?? "");
  return ok
    ? []
    : [`azurerm must be required exactly once as ">= 4.x, < 5.0" (found ${JSON.stringify(constraints)})`];
};

export const invariants: Record<string, Invariant> = {
  "no public blob access": noPublicBlobAccess,
  "TLS 1.2 minimum": minTls12,
  "HTTPS only": httpsOnly,
  "identity-based storage access": identityBasedStorage,
  "dead-lettering configured": deadLettering,
  "diagnostic settings on": diagnosticsOn,
  "tags on every taggable resource": tagsEverywhere,
  "runtime Node 22 on Flex Consumption": nodeRuntime22,
  "azurerm 4.x": azurermV4,
};
