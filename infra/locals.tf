locals {
  env_short = { dev = "dev", staging = "stg", prod = "prd" }[var.environment]
  name      = "${var.name_prefix}-${var.environment}"
  # Storage account names: 3-24 lower-case letters and digits, globally unique.
  compact = "${var.name_prefix}${local.env_short}"

  tags = merge(var.tags, {
    application = "ml-orchestrator"
    environment = var.environment
    managed-by  = "terraform"
  })

  task_hub = var.durable_task_hub != "" ? var.durable_task_hub : "MlOrchestrator${title(var.environment)}"

  lake_account_id   = var.lake.create ? azurerm_storage_account.lake[0].id : var.lake.existing_account_id
  lake_account_name = element(split("/", local.lake_account_id), 8)
  lake_filesystems  = distinct(concat([var.lake.filesystem], var.lake.extra_filesystems, [for t in var.lake_triggers : t.filesystem]))

  deployment_container = "app-package"
  deadletter_container = "eventgrid-deadletter"

  # Key Vault references resolve with the user-assigned identity (key_vault_reference_identity_id).
  key_vault_references = {
    for setting, secret in var.key_vault_settings :
    setting => "@Microsoft.KeyVault(VaultName=${azurerm_key_vault.main.name};SecretName=${secret})"
  }

  databricks_host_settings = {
    for target, host in var.databricks_hosts : "DATABRICKS_HOST_${upper(target)}" => trimsuffix(host, "/")
  }

  # Names owned by the config schema (shared/config); docs/configuration.md is the source of truth.
  # Flex Consumption takes the runtime from functionAppConfig (runtime_name/runtime_version), and rejects
  # FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION as app settings.
  app_settings = merge(
    {
      AzureWebJobsStorage__accountName = azurerm_storage_account.runtime.name
      AzureWebJobsStorage__credential  = "managedidentity"
      AzureWebJobsStorage__clientId    = azurerm_user_assigned_identity.app.client_id
      AZURE_CLIENT_ID                  = azurerm_user_assigned_identity.app.client_id
      DURABLE_TASK_HUB                 = local.task_hub
      APP_ENVIRONMENT                  = var.environment
      LOG_LEVEL                        = var.log_level
      GITHUB_APP_ID                    = var.github_app_id
      LAKE_ACCOUNT_NAME                = local.lake_account_name
      LAKE_FILESYSTEM                  = var.lake.filesystem
    },
    local.databricks_host_settings,
    local.key_vault_references,
  )
}

data "azurerm_client_config" "current" {}
