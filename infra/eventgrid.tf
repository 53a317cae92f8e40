# BlobCreated events from the lake reach the app's Event Grid trigger. Filters keep the traffic to
# committed files under the trigger paths: ADLS emits CreateFile (length 0) then FlushWithClose for
# every DFS write, blob-API writes emit PutBlob/PutBlockList/CopyBlob (shared/reference/azure-local.md §2).
resource "azurerm_eventgrid_system_topic" "lake" {
  name                = "evgt-${local.name}-lake"
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  source_resource_id  = local.lake_account_id
  topic_type          = "Microsoft.Storage.StorageAccounts"
  tags                = local.tags

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_eventgrid_system_topic_event_subscription" "lake_trigger" {
  for_each = var.event_grid_subscriptions_enabled ? { for t in var.lake_triggers : t.name => t } : {}

  name                  = "evgs-${each.key}"
  system_topic          = azurerm_eventgrid_system_topic.lake.name
  resource_group_name   = azurerm_resource_group.main.name
  event_delivery_schema = "EventGridSchema"
  included_event_types  = ["Microsoft.Storage.BlobCreated"]

  # Batches: the host still invokes the trigger once per event, but one delivery carries up to 100, so
  # a burst costs one request and one durable raise per partition per batch (ADR 0029; bench:landing on
  # 2 cores: 492 events/s one per request, 2,341 events/s in batches).
  azure_function_endpoint {
    function_id                       = "${azurerm_function_app_flex_consumption.main.id}/functions/${var.event_grid_function_name}"
    max_events_per_batch              = 100
    preferred_batch_size_in_kilobytes = 64
  }

  subject_filter {
    subject_begins_with = "/blobServices/default/containers/${each.value.filesystem}/blobs/${each.value.path_prefix}"
    case_sensitive      = true
  }

  advanced_filter {
    string_in {
      key    = "data.api"
      values = ["FlushWithClose", "PutBlob", "PutBlockList", "CopyBlob"]
    }
  }

  retry_policy {
    max_delivery_attempts = var.event_grid_retry.max_delivery_attempts
    event_time_to_live    = var.event_grid_retry.event_ttl_minutes
  }

  dead_letter_identity {
    type = "SystemAssigned"
  }

  storage_blob_dead_letter_destination {
    storage_account_id          = azurerm_storage_account.runtime.id
    storage_blob_container_name = azurerm_storage_container.deadletter.name
  }

  depends_on = [azurerm_role_assignment.event_grid_deadletter]
}
