# Secrets: the GitHub webhook secret(s), the GitHub App private key, and any Databricks credentials
# the config schema adds. RBAC only (no access policies). Values are set out of band, so they never
# land in Terraform state; the app reads them as Key Vault references (key_vault_settings).
resource "azurerm_key_vault" "main" {
  name                          = "kv-${local.compact}"
  resource_group_name           = azurerm_resource_group.main.name
  location                      = azurerm_resource_group.main.location
  tenant_id                     = data.azurerm_client_config.current.tenant_id
  sku_name                      = "standard"
  rbac_authorization_enabled    = true
  purge_protection_enabled      = var.key_vault_purge_protection
  soft_delete_retention_days    = 90
  public_network_access_enabled = true
  tags                          = local.tags
}
