# Runtime account: Functions host state, the durable task hub (blobs, queues, tables), the deployment
# package container and Event Grid dead letters. Identity-only: no shared keys, no public blobs.
resource "azurerm_storage_account" "runtime" {
  name                            = "st${local.compact}rt"
  resource_group_name             = azurerm_resource_group.main.name
  location                        = azurerm_resource_group.main.location
  account_kind                    = "StorageV2"
  account_tier                    = "Standard"
  account_replication_type        = var.environment == "prod" ? "ZRS" : "LRS"
  min_tls_version                 = "TLS1_2"
  https_traffic_only_enabled      = true
  allow_nested_items_to_be_public = false
  shared_access_key_enabled       = false
  default_to_oauth_authentication = true
  tags                            = local.tags

  blob_properties {
    delete_retention_policy {
      days = 7
    }
  }
}

resource "azurerm_storage_container" "deployment" {
  name                  = local.deployment_container
  storage_account_id    = azurerm_storage_account.runtime.id
  container_access_type = "private"
}

resource "azurerm_storage_container" "deadletter" {
  name                  = local.deadletter_container
  storage_account_id    = azurerm_storage_account.runtime.id
  container_access_type = "private"
}

# The data lake, when this configuration owns it (lake.create = true). An existing account is only
# referenced; the same invariants should hold for it and are worth checking by hand.
resource "azurerm_storage_account" "lake" {
  count = var.lake.create ? 1 : 0

  name                            = "st${local.compact}lake"
  resource_group_name             = azurerm_resource_group.main.name
  location                        = azurerm_resource_group.main.location
  account_kind                    = "StorageV2"
  account_tier                    = "Standard"
  account_replication_type        = var.environment == "prod" ? "ZRS" : "LRS"
  is_hns_enabled                  = true
  min_tls_version                 = "TLS1_2"
  https_traffic_only_enabled      = true
  allow_nested_items_to_be_public = false
  shared_access_key_enabled       = false
  default_to_oauth_authentication = true
  tags                            = local.tags
}

# On a hierarchical-namespace account a container is a filesystem.
resource "azurerm_storage_container" "lake" {
  for_each = var.lake.create ? toset(local.lake_filesystems) : toset([])

  name                  = each.value
  storage_account_id    = azurerm_storage_account.lake[0].id
  container_access_type = "private"
}
