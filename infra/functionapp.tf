resource "azurerm_service_plan" "main" {
  name                = "asp-${local.name}"
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  os_type             = "Linux"
  sku_name            = "FC1"
  tags                = local.tags
}

resource "azurerm_function_app_flex_consumption" "main" {
  name                = "func-${local.name}"
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  service_plan_id     = azurerm_service_plan.main.id

  runtime_name           = "node"
  runtime_version        = "22"
  maximum_instance_count = var.function_maximum_instance_count
  instance_memory_in_mb  = var.function_instance_memory_mb

  always_ready {
    name           = "http"
    instance_count = var.always_ready_http_instances
  }

  # The deployment package is read with the user-assigned identity; no connection string.
  storage_container_type            = "blobContainer"
  storage_container_endpoint        = "${azurerm_storage_account.runtime.primary_blob_endpoint}${azurerm_storage_container.deployment.name}"
  storage_authentication_type       = "UserAssignedIdentity"
  storage_user_assigned_identity_id = azurerm_user_assigned_identity.app.id

  https_only                                     = true
  webdeploy_publish_basic_authentication_enabled = false
  client_certificate_mode                        = "Optional"

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.app.id]
  }
  key_vault_reference_identity_id = azurerm_user_assigned_identity.app.id

  app_settings = merge(local.app_settings, {
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING = "ClientId=${azurerm_user_assigned_identity.app.client_id};Authorization=AAD"
  })

  site_config {
    application_insights_connection_string = azurerm_application_insights.main.connection_string
    minimum_tls_version                    = "1.2"
    scm_minimum_tls_version                = "1.2"
    http2_enabled                          = true
  }

  # App Service authentication validates Entra ID bearer tokens for the promotion API and passes the
  # caller to the app in x-ms-client-principal. Anonymous requests still reach the app, because the
  # GitHub webhook and Event Grid endpoints authenticate by signature and key; the app itself answers
  # 401/403 on the promotion routes (issue #8).
  auth_settings_v2 {
    auth_enabled           = true
    require_authentication = false
    unauthenticated_action = "AllowAnonymous"
    require_https          = true

    active_directory_v2 {
      client_id            = azuread_application.promotion_api.client_id
      tenant_auth_endpoint = "https://login.microsoftonline.com/${data.azurerm_client_config.current.tenant_id}/v2.0/"
      allowed_audiences    = [local.promotion_api_audience]
    }

    login {
      token_store_enabled = false
    }
  }

  tags = local.tags

  depends_on = [
    azurerm_role_assignment.app_runtime_blob,
    azurerm_role_assignment.app_key_vault,
  ]
}
