output "function_app_name" {
  description = "Name of the function app (deploy target of the package)."
  value       = azurerm_function_app_flex_consumption.main.name
}

output "function_app_hostname" {
  description = "Default host name of the function app."
  value       = azurerm_function_app_flex_consumption.main.default_hostname
}

output "github_webhook_url" {
  description = "Payload URL for the GitHub App / repository webhook (anonymous route; the signature authenticates)."
  value       = "https://${azurerm_function_app_flex_consumption.main.default_hostname}/api/github/webhook"
}

output "promotion_api_base_url" {
  description = "Base URL of the promotion API (Entra ID bearer token with a Promotion.* role, plus a function key)."
  value       = "https://${azurerm_function_app_flex_consumption.main.default_hostname}/api/promotions"
}

output "promotion_api_audience" {
  description = "Audience (scope prefix) callers request tokens for: <audience>/.default."
  value       = local.promotion_api_audience
}

output "identity_principal_id" {
  description = "Object id of the app's managed identity: add it to each Databricks workspace (docs/runbooks/grant-databricks-access.md)."
  value       = azurerm_user_assigned_identity.app.principal_id
}

output "identity_client_id" {
  description = "Client (application) id of the app's managed identity, as Databricks shows service principals."
  value       = azurerm_user_assigned_identity.app.client_id
}

output "key_vault_name" {
  description = "Key Vault holding the app's secrets."
  value       = azurerm_key_vault.main.name
}

output "lake_account_name" {
  description = "LAKE_ACCOUNT_NAME."
  value       = local.lake_account_name
}

output "deadletter_container_url" {
  description = "Where undeliverable lake events land (docs/runbooks/replay-dead-lettered-events.md)."
  value       = "${azurerm_storage_account.runtime.primary_blob_endpoint}${azurerm_storage_container.deadletter.name}"
}
