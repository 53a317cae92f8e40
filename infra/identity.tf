# Least privilege: data-plane roles on exactly the accounts and containers the app uses.

# The Functions host and the durable task hub (Azure Storage backend) need blobs, queues and tables on
# the runtime account; Microsoft documents Blob Data Owner for AzureWebJobsStorage with an identity.
resource "azurerm_role_assignment" "app_runtime_blob" {
  scope                = azurerm_storage_account.runtime.id
  role_definition_name = "Storage Blob Data Owner"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "app_runtime_queue" {
  scope                = azurerm_storage_account.runtime.id
  role_definition_name = "Storage Queue Data Contributor"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "app_runtime_table" {
  scope                = azurerm_storage_account.runtime.id
  role_definition_name = "Storage Table Data Contributor"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
  principal_type       = "ServicePrincipal"
}

# Lineage manifests and the promotion ledger are written under _orchestrator/ in LAKE_FILESYSTEM.
resource "azurerm_role_assignment" "app_lake_write" {
  scope                = "${local.lake_account_id}/blobServices/default/containers/${var.lake.filesystem}"
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
  principal_type       = "ServicePrincipal"
}

# Trigger filesystems other than LAKE_FILESYSTEM are only read (to list a partition's files).
resource "azurerm_role_assignment" "app_lake_read" {
  for_each = toset([for fs in local.lake_filesystems : fs if fs != var.lake.filesystem])

  scope                = "${local.lake_account_id}/blobServices/default/containers/${each.value}"
  role_definition_name = "Storage Blob Data Reader"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "app_key_vault" {
  scope                = azurerm_key_vault.main.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
  principal_type       = "ServicePrincipal"
}

# Application Insights has local (key) authentication disabled; telemetry is sent with the identity.
resource "azurerm_role_assignment" "app_insights" {
  scope                = azurerm_application_insights.main.id
  role_definition_name = "Monitoring Metrics Publisher"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
  principal_type       = "ServicePrincipal"
}

# Event Grid writes undeliverable events with the system topic's own identity, to one container.
resource "azurerm_role_assignment" "event_grid_deadletter" {
  scope                = azurerm_storage_container.deadletter.id
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_eventgrid_system_topic.lake.identity[0].principal_id
  principal_type       = "ServicePrincipal"
}
